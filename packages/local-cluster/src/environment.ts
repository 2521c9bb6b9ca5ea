import type { KubeConfig } from '@kubernetes/client-node';
import {
  LocalPostgres,
  LocalPostgresOptions,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LocalCluster,
  LocalClusterOptions,
  startLocalCluster,
} from './cluster';

/**
 * The local cluster with a throwaway PostgreSQL beside it: what demos and
 * integration tests of a database-provisioning plugin need. @public
 */
export interface LocalEnvironment {
  cluster: LocalCluster;
  postgres: LocalPostgres;
  kubeConfig: KubeConfig;
  /** A kubeconfig file that reaches the cluster. */
  kubeconfigPath: string;
  createNamespace(name: string): Promise<void>;
  /**
   * A Secret with `host`, `port`, `database`, `username` and `password` of
   * the PostgreSQL server; `overrides` replace any of them.
   */
  createDatabaseSecret(
    namespace: string,
    name: string,
    overrides?: Record<string, string>,
  ): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the local cluster and a PostgreSQL server; stops both on failure. @public */
export async function startLocalEnvironment(
  options: {
    cluster?: LocalClusterOptions;
    postgres?: LocalPostgresOptions;
  } = {},
): Promise<LocalEnvironment> {
  const postgres = await startLocalPostgres(options.postgres);
  let cluster: LocalCluster;
  try {
    cluster = await startLocalCluster(options.cluster);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const kubeConfig = await cluster.loadKubeConfig();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-environment-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, cluster.kubeconfigYaml, { mode: 0o600 });
  const k8s = await import('@kubernetes/client-node');
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);

  return {
    cluster,
    postgres,
    kubeConfig,
    kubeconfigPath,
    async createNamespace(name) {
      await core.createNamespace({ body: { metadata: { name } } });
    },
    async createDatabaseSecret(namespace, name, overrides = {}) {
      await core.createNamespacedSecret({
        namespace,
        body: {
          metadata: { name, namespace },
          stringData: {
            host: postgres.host,
            port: String(postgres.port),
            database: postgres.database,
            username: postgres.user,
            password: postgres.password,
            ...overrides,
          },
        },
      });
    },
    async stop() {
      await cluster.stop();
      await postgres.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

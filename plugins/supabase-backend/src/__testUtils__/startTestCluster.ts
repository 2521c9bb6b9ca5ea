import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import { startLocalCluster } from '@supabase-backstage/local-cluster';
import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A local cluster and a real PostgreSQL, the way integration tests use them. */
export interface TestCluster {
  postgres: LocalPostgres;
  kubeConfig: KubeConfig;
  kubeconfigPath: string;
  /** The raw local cluster, for fault injection and request counts. */
  cluster: Awaited<ReturnType<typeof startLocalCluster>>;
  createNamespace(name: string): Promise<void>;
  /** A database Secret pointing at the throwaway server. */
  createDatabaseSecret(
    namespace: string,
    name: string,
    overrides?: Record<string, string>,
  ): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestCluster(
  options: { postgresPassword?: string } = {},
): Promise<TestCluster> {
  const postgres = await startLocalPostgres({
    password: options.postgresPassword,
  });
  const cluster = await startLocalCluster({
    jobBackoffBaseMs: 50,
    simulatedReadyDelayMs: 20,
  });
  const kubeConfig = await cluster.loadKubeConfig();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supabase-test-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, cluster.kubeconfigYaml);
  const k8s = await import('@kubernetes/client-node');
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);

  return {
    postgres,
    kubeConfig,
    kubeconfigPath,
    cluster,
    async createNamespace(name) {
      await core.createNamespace({ body: { metadata: { name } } });
    },
    async createDatabaseSecret(namespace, name, overrides = {}) {
      const body: V1Secret = {
        metadata: { name, namespace },
        stringData: {
          host: postgres.host,
          port: String(postgres.port),
          database: postgres.database,
          username: postgres.user,
          password: postgres.password,
          ...overrides,
        },
      };
      await core.createNamespacedSecret({ namespace, body });
    },
    async stop() {
      await cluster.stop();
      await postgres.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

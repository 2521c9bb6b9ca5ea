import { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCluster } from '@supabase-backstage/local-cluster';
import { startLocalPostgres } from '@supabase-backstage/local-postgres';
import { ClusterClient } from './ClusterClient';

/** The demo database Secret local mode creates. */
export const LOCAL_DATABASE_SECRET = 'local-postgres';
/**
 * The demo server Secret: the throwaway server's superuser, on which each
 * project gets its own database (the demo's default).
 */
export const LOCAL_SERVER_SECRET = 'local-postgres-server';
/** The same database at a port nothing listens on: the failure path. */
export const UNREACHABLE_DATABASE_SECRET = 'local-postgres-unreachable';

/** A running local cluster and database, for `yarn start` and tests. */
export interface LocalMode {
  kubeConfig: KubeConfig;
  /** Called once the cluster client exists, to seed the demo Secret. */
  seed(cluster: ClusterClient): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the bundled local Kubernetes API server and a throwaway PostgreSQL,
 * so that a demo project can be created at once. Both packages are test and
 * demo doubles: importing them starts nothing; only this mode starts them.
 */
export async function startLocalMode(options: {
  port?: number;
  demoNamespace: string;
  kubeconfigPath?: string;
  logger: LoggerService;
}): Promise<LocalMode> {
  const postgres = await startLocalPostgres();
  const cluster = await startLocalCluster({ port: options.port });
  if (options.kubeconfigPath) {
    fs.mkdirSync(path.dirname(options.kubeconfigPath), { recursive: true });
    fs.writeFileSync(options.kubeconfigPath, cluster.kubeconfigYaml, {
      mode: 0o600,
    });
  }
  const kubectlHint = options.kubeconfigPath
    ? // The configured path is relative to the backend; say where it is.
      `; kubectl --kubeconfig ${path.resolve(
        options.kubeconfigPath,
      )} reaches the cluster.`
    : '.';
  options.logger.warn(
    [
      `Using the LOCAL cluster at ${cluster.url}: a test and demo double, not Kubernetes.`,
      'Its db-init pods run psql on this machine; other pods are simulated.',
      `The demo server Secret (a database per project) is ${options.demoNamespace}/${LOCAL_SERVER_SECRET}, the demo database Secrets ${options.demoNamespace}/${LOCAL_DATABASE_SECRET} and ${options.demoNamespace}/${UNREACHABLE_DATABASE_SECRET} (nothing listens: the failure path)${kubectlHint}`,
    ].join(' '),
  );
  return {
    kubeConfig: await cluster.loadKubeConfig(),
    async seed(client) {
      await client.ensure({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: options.demoNamespace },
      });
      const secret = (
        name: string,
        port: number,
        // The server Secret's `database` is its maintenance database.
        database = postgres.database,
      ): V1Secret => ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace: options.demoNamespace,
          labels: { 'app.kubernetes.io/part-of': 'local-demo' },
        },
        type: 'Opaque',
        stringData: {
          host: postgres.host,
          port: String(port),
          database,
          username: postgres.user,
          password: postgres.password,
        },
      });
      await client.ensure(secret(LOCAL_DATABASE_SECRET, postgres.port));
      await client.ensure(
        secret(LOCAL_SERVER_SECRET, postgres.port, 'postgres'),
      );
      // Nothing listens on port 1: projects on this Secret show the failure path.
      await client.ensure(secret(UNREACHABLE_DATABASE_SECRET, 1));
    },
    async stop() {
      await cluster.stop();
      await postgres.stop();
      // It names a cluster that is gone now.
      if (options.kubeconfigPath)
        fs.rmSync(options.kubeconfigPath, { force: true });
    },
  };
}

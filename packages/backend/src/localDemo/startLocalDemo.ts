import type { V1Secret } from '@kubernetes/client-node';
import { JsonObject } from '@backstage/types';
import { startLocalEnvironment } from '@supabase-backstage/local-cluster';
import { SHARED_BY_OWNERS_ANNOTATION } from '@supabase-backstage/plugin-supabase-common';
import fs from 'node:fs';
import path from 'node:path';
import { LocalDemoSettings } from './readLocalDemoSettings';

/** The demo database Secret: the throwaway server's `postgres` database. */
export const LOCAL_DATABASE_SECRET = 'local-postgres';
/**
 * The demo server Secret: the throwaway server's superuser, on which each
 * project gets its own database (the demo's default). Marked shared by
 * owners (docs/decisions/0027).
 */
export const LOCAL_SERVER_SECRET = 'local-postgres-server';
/** The same database at a port nothing listens on: the failure path. */
export const UNREACHABLE_DATABASE_SECRET = 'local-postgres-unreachable';

/** The local cluster and PostgreSQL of the demo, running. */
export interface LocalDemo {
  /** The cluster as an entry of a `config` cluster locator. */
  cluster: JsonObject;
  /** One paragraph for the log: what runs and which Secrets to use. */
  description: string;
  stop(): Promise<void>;
}

/**
 * Starts the local cluster (a test and demo double, not Kubernetes) and a
 * throwaway PostgreSQL, and gives the cluster the demo Secrets, so that demo
 * projects can be created at once.
 */
export async function startLocalDemo(
  settings: LocalDemoSettings,
): Promise<LocalDemo> {
  const environment = await startLocalEnvironment({
    cluster: { port: settings.port },
    // As Supabase's own PostgreSQL: Realtime needs logical replication, and
    // without it every demo project would warn the platform team about it.
    postgres: { settings: { wal_level: 'logical' } },
  });
  const { cluster, postgres } = environment;
  try {
    const k8s = await import('@kubernetes/client-node');
    const core = environment.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const { namespace } = settings;
    try {
      await core.readNamespace({ name: namespace });
    } catch {
      await environment.createNamespace(namespace);
    }
    const secret = (
      name: string,
      port: number,
      // A server Secret's `database` is its maintenance database.
      database = postgres.database,
      annotations: Record<string, string> = {},
    ): V1Secret => ({
      metadata: {
        name,
        namespace,
        labels: { 'app.kubernetes.io/part-of': 'local-demo' },
        annotations,
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
    // The demo's users trust each other: every owner's projects share the
    // one server, and only platform admins reveal its admin login. Both
    // Secrets reach that server, so both say so (a server is owned or
    // shared, never both: docs/decisions/0027).
    const shared = { [SHARED_BY_OWNERS_ANNOTATION]: 'true' };
    for (const body of [
      secret(LOCAL_DATABASE_SECRET, postgres.port, postgres.database, shared),
      secret(LOCAL_SERVER_SECRET, postgres.port, 'postgres', shared),
      // Nothing listens on port 1: projects on it show the failure path.
      secret(UNREACHABLE_DATABASE_SECRET, 1),
    ]) {
      await core.createNamespacedSecret({ namespace, body });
    }
  } catch (error) {
    await environment.stop();
    throw error;
  }

  const kubeconfigPath =
    settings.kubeconfigPath && path.resolve(settings.kubeconfigPath);
  if (kubeconfigPath) {
    fs.mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
    fs.writeFileSync(kubeconfigPath, cluster.kubeconfigYaml, { mode: 0o600 });
  }
  const { namespace } = settings;
  return {
    cluster: {
      name: settings.clusterName,
      url: cluster.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: cluster.token,
      caData: Buffer.from(cluster.certificateAuthority).toString('base64'),
      // The local cluster serves no metrics API.
      skipMetricsLookup: true,
    },
    description: [
      `Cluster "${settings.clusterName}" is the LOCAL cluster at ${cluster.url}: a test and demo double, not Kubernetes.`,
      'Its db-init pods run psql on this machine; other pods are simulated.',
      `The demo server Secret (a database per project) is ${namespace}/${LOCAL_SERVER_SECRET}, the demo database Secrets ${namespace}/${LOCAL_DATABASE_SECRET} and ${namespace}/${UNREACHABLE_DATABASE_SECRET} (nothing listens: the failure path)${
        kubeconfigPath ? `; kubectl --kubeconfig ${kubeconfigPath}` : ''
      }.`,
    ].join(' '),
    async stop() {
      await environment.stop();
      // It names a cluster that is gone now.
      if (kubeconfigPath) fs.rmSync(kubeconfigPath, { force: true });
    },
  };
}

/* Shared set-up of the benchmarks: the real plugin parts against the local
 * cluster, a real PostgreSQL as the user's database, and Backstage's store on
 * SQLite or PostgreSQL. Nothing here is mocked. */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { startLocalCluster } from '@supabase-backstage/local-cluster';
import { startLocalPostgres } from '@supabase-backstage/local-postgres';
import { loadSqlSet } from '@supabase-backstage/sql';
import {
  createKeyStore,
  createStore,
  openStoreDatabase,
  StoreDatabase,
} from './store';
import { DEFAULT_MAX_CONCURRENT_DB_INIT_RUNS_PER_SERVER } from '../../plugins/supabase-backend/src/config';
import { KubernetesClusterClient } from '../../plugins/supabase-backend/src/kubernetes/KubernetesClusterClient';
import { createProvisioning } from '../../plugins/supabase-backend/src/service/createProvisioning';

export const quietLogger: LoggerService = {
  error: (message, meta) => console.error(message, meta ?? ''),
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** A replica of the provisioning machinery against a fresh local cluster. */
export async function startBenchEnvironment(options: {
  watch: boolean;
  store?: StoreDatabase;
}) {
  const userDb = await startLocalPostgres();
  const cluster = await startLocalCluster({
    jobBackoffBaseMs: 100,
    simulatedReadyDelayMs: 20,
  });
  const kubeConfig = await cluster.loadKubeConfig();
  const client = await KubernetesClusterClient.create({
    kubeConfig,
    logger: quietLogger,
  });
  const storeDb = await openStoreDatabase(options.store ?? 'sqlite');
  const store = await createStore(storeDb.knex);
  const keys = createKeyStore(storeDb.knex);
  const provisioning = createProvisioning({
    store,
    keys,
    cluster: client,
    sqlSet: loadSqlSet(),
    settings: {
      componentTimeoutMs: 120_000,
      dbInitWaitSeconds: 10,
      // As the plugin runs by default: many projects on one server.
      maxConcurrentDbInitRunsPerServer:
        DEFAULT_MAX_CONCURRENT_DB_INIT_RUNS_PER_SERVER,
    },
    logger: quietLogger,
    watch: options.watch,
  });
  const k8s = await import('@kubernetes/client-node');
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'bench' } } });
  await core.createNamespacedSecret({
    namespace: 'bench',
    body: {
      metadata: { name: 'db' },
      stringData: {
        host: userDb.host,
        port: String(userDb.port),
        database: userDb.database,
        username: userDb.user,
        password: userDb.password,
      },
    },
  });
  return {
    cluster,
    clusterClient: client,
    kubeConfig,
    store,
    keys,
    provisioning,
    async createProject(name: string) {
      const project = await store.createProject({
        namespace: 'bench',
        name,
        // Each project gets a database of its own on the server: one database
        // holds one project.
        spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
      });
      provisioning.worker.kick(project.uid);
      return project;
    },
    async stop() {
      await provisioning.stop();
      await cluster.stop();
      await storeDb.stop();
      await userDb.stop();
    },
  };
}

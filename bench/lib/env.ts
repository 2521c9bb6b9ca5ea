/* Shared set-up of the benchmarks: the real plugin parts against the local
 * cluster, a real PostgreSQL as the user's database, and Backstage's store on
 * SQLite or PostgreSQL. Nothing here is mocked. */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  LocalClusterOptions,
  startLocalCluster,
} from '@supabase-backstage/local-cluster';
import { startLocalPostgres } from '@supabase-backstage/local-postgres';
import { loadSqlSet } from '@supabase-backstage/sql';
import { countCalls } from './callCounts';
import { startClusterProcess } from './clusterProcess';
import {
  createKeyStore,
  createStore,
  newKeyMaterialKey,
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

const CLUSTER_OPTIONS: LocalClusterOptions = {
  jobBackoffBaseMs: 100,
  simulatedReadyDelayMs: 20,
};

/** The settings every replica of the benchmarks runs with. */
export const PIPELINE_SETTINGS = {
  componentTimeoutMs: 120_000,
  dbInitWaitSeconds: 10,
};

/** The local cluster, in this process or in one of its own. */
async function startBenchCluster(ownProcess: boolean) {
  if (ownProcess) return startClusterProcess(CLUSTER_OPTIONS);
  const cluster = await startLocalCluster(CLUSTER_OPTIONS);
  return {
    loadKubeConfig: () => cluster.loadKubeConfig(),
    /** Its CPU and memory are this process's: not reported apart. */
    stats: async () => ({
      requests: cluster.requestCount(),
      cpuMicros: undefined,
      rss: undefined,
    }),
    stop: () => cluster.stop(),
  };
}

/**
 * What every benchmark runs against: PostgreSQL for the projects' databases
 * (one server, or `servers` of them), the local cluster with the `bench`
 * namespace and each server's Secret (`db`, `db-1`, …), and Backstage's
 * store. No replica runs yet.
 */
export async function startBenchInfrastructure(options: {
  store?: StoreDatabase;
  /** Runs the local cluster in a process of its own. */
  clusterProcess?: boolean;
  /** PostgreSQL servers the projects are spread over, in turn (1). */
  servers?: number;
}) {
  const userDbs: Array<Awaited<ReturnType<typeof startLocalPostgres>>> = [];
  for (let i = 0; i < (options.servers ?? 1); i++) {
    userDbs.push(await startLocalPostgres());
  }
  const serverSecrets = userDbs.map((_, i) => (i === 0 ? 'db' : `db-${i}`));
  const cluster = await startBenchCluster(options.clusterProcess ?? false);
  const kubeConfig = await cluster.loadKubeConfig();
  const storeDb = await openStoreDatabase(options.store ?? 'sqlite');
  const store = await createStore(storeDb.knex);
  const keyMaterialKey = newKeyMaterialKey();
  const k8s = await import('@kubernetes/client-node');
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'bench' } } });
  for (const [i, userDb] of userDbs.entries()) {
    await core.createNamespacedSecret({
      namespace: 'bench',
      body: {
        metadata: { name: serverSecrets[i] },
        stringData: {
          host: userDb.host,
          port: String(userDb.port),
          database: userDb.database,
          username: userDb.user,
          password: userDb.password,
        },
      },
    });
  }
  let added = 0;
  return {
    cluster,
    kubeConfig,
    storeDb,
    store,
    /** The key the projects' keys are encrypted with in the store. */
    keyMaterialKey,
    keys: createKeyStore(storeDb.knex, keyMaterialKey),
    /** Adds a project to the store; no replica hears of it. */
    addProject: (name: string) =>
      store.createProject({
        namespace: 'bench',
        name,
        // Each project gets a database of its own on a server: one database
        // holds one project.
        spec: {
          database: {
            serverSecretRef: serverSecrets[added++ % serverSecrets.length],
            sslMode: 'disable',
          },
        },
      }),
    async stop() {
      await cluster.stop();
      await storeDb.stop();
      for (const userDb of userDbs) await userDb.stop();
    },
  };
}

/** A replica of the provisioning machinery against a fresh local cluster. */
export async function startBenchEnvironment(options: {
  watch: boolean;
  store?: StoreDatabase;
  clusterProcess?: boolean;
  servers?: number;
}) {
  const infrastructure = await startBenchInfrastructure(options);
  const { kubeConfig, store, keys } = infrastructure;
  const client = await KubernetesClusterClient.create({
    kubeConfig,
    logger: quietLogger,
  });
  const calls = countCalls(client);
  const provisioning = createProvisioning({
    store,
    keys,
    clusters: [{ name: 'bench', client: calls.client }],
    sqlSet: loadSqlSet(),
    settings: {
      ...PIPELINE_SETTINGS,
      // As the plugin runs by default: many projects on one server.
      maxConcurrentDbInitRunsPerServer:
        DEFAULT_MAX_CONCURRENT_DB_INIT_RUNS_PER_SERVER,
    },
    logger: quietLogger,
    watch: options.watch,
  });
  return {
    ...infrastructure,
    clusterClient: client,
    /** The pipeline's calls that reached the API server, by verb and kind. */
    apiCalls: calls.since,
    provisioning,
    async createProject(name: string) {
      const project = await infrastructure.addProject(name);
      provisioning.worker.kick(project.uid);
      return project;
    },
    async stop() {
      await provisioning.stop();
      await infrastructure.stop();
    },
  };
}

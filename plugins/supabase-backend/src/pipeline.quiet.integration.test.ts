import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { loadSqlSet } from '@supabase-backstage/sql';
import { DatabaseKeyMaterialStore } from './database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from './database/DatabaseProjectStore';
import { SecretsCipher } from './database/SecretsCipher';
import { TEST_ENCRYPTION_KEY } from './__testUtils__/startSupabaseBackend';
import { ClusterClient } from './kubernetes/ClusterClient';
import { KubernetesClusterClient } from './kubernetes/KubernetesClusterClient';
import { createProvisioning, Provisioning } from './service/createProvisioning';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Records which client calls reach the API server, to say what a failure was. */
function recording(cluster: ClusterClient, calls: string[]): ClusterClient {
  return new Proxy(cluster, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      // A watch's own lists (through the private `call`) are the caches'.
      if (
        typeof value !== 'function' ||
        ['watch', 'call'].includes(String(property))
      ) {
        return value;
      }
      return (...args: unknown[]) => {
        const [first] = args as [{ kind?: string; name?: string }];
        calls.push(
          `${String(property)} ${
            typeof first === 'string' ? args.slice(0, 2).join(' ') : ''
          }${first?.kind ?? ''} ${first?.name ?? ''}`.trim(),
        );
        return value.apply(target, args);
      };
    },
  });
}

async function waitUntil(what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + 180_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('a Running project at rest', () => {
  let cluster: TestCluster;
  let store: DatabaseProjectStore;
  let keys: DatabaseKeyMaterialStore;
  let client: KubernetesClusterClient;
  const logger = mockServices.logger.mock();
  const stops: Provisioning[] = [];

  const provision = (watch: boolean, calls: string[]) => {
    const provisioning = createProvisioning({
      store,
      keys,
      clusters: [{ name: 'test', client: recording(client, calls) }],
      sqlSet: loadSqlSet(),
      settings: { componentTimeoutMs: 60_000, dbInitWaitSeconds: 2 },
      logger,
      watch,
    });
    stops.push(provisioning);
    return provisioning;
  };

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-q');
    await cluster.createDatabaseSecret('team-q', 'db');
    const database = mockServices.database({
      knex: await databases.init('SQLITE_3'),
    });
    store = await DatabaseProjectStore.create({ database });
    keys = await DatabaseKeyMaterialStore.create({
      database,
      cipher: new SecretsCipher([TEST_ENCRYPTION_KEY]),
    });
    client = await KubernetesClusterClient.create({
      kubeConfig: cluster.kubeConfig,
      logger,
    });
  });

  afterAll(async () => {
    for (const provisioning of stops) await provisioning.stop();
    await cluster?.stop();
  });

  it('is reconciled from the caches: no request reaches the API server', async () => {
    const calls: string[] = [];
    const { worker } = provision(true, calls);
    const project = await store.createProject({
      namespace: 'team-q',
      name: 'quiet',
      spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
    });
    worker.kick(project.uid);
    await waitUntil('the project Running', async () => {
      const current = await store.getProjectByUid(project.uid);
      return current?.phase === 'Running';
    });
    await worker.idle();
    // Creating it stays within the budget of 40 calls per project (88
    // requests when every read went to the API server). The caches' own
    // lists and watches are made once per replica, not per project.
    expect(calls.length).toBeLessThanOrEqual(40);

    const reconciles = jest.spyOn(store, 'getProjectByUid');
    calls.length = 0;
    const requestsBefore = cluster.cluster.requestCount();
    for (let i = 0; i < 3; i++) {
      await worker.resync();
      await worker.idle();
    }
    expect(reconciles).toHaveBeenCalled();
    expect(calls).toEqual([]);
    expect(cluster.cluster.requestCount() - requestsBefore).toBe(0);
    expect((await store.getProjectByUid(project.uid))?.phase).toBe('Running');
    reconciles.mockRestore();
  });

  it('without watches, the same reconcile reads the cluster (what the caches save)', async () => {
    const calls: string[] = [];
    const { worker } = provision(false, calls);
    const requestsBefore = cluster.cluster.requestCount();
    await worker.resync();
    await worker.idle();
    expect(calls).toEqual(
      expect.arrayContaining([expect.stringMatching(/^get Secret/)]),
    );
    expect(cluster.cluster.requestCount() - requestsBefore).toBeGreaterThan(10);
  });
});

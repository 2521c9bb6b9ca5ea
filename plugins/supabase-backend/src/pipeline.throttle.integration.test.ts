import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { loadSqlSet } from '@supabase-backstage/sql';
import { DatabaseKeyMaterialStore } from './database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from './database/DatabaseProjectStore';
import { SecretsCipher } from './database/SecretsCipher';
import { KubernetesClusterClient } from './kubernetes/KubernetesClusterClient';
import { WAITING_FOR_DATABASE_SERVER } from './pipeline/databaseServerTurn';
import { createProvisioning, Provisioning } from './service/createProvisioning';
import { TEST_ENCRYPTION_KEY } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { waitUntil } from './__testUtils__/waitUntil';
import { watchRunningJobs } from './__testUtils__/watchJobs';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const PROJECTS = 6;
const CAP = 2;

describe('many projects on one database server', () => {
  let cluster: TestCluster;
  let provisioning: Provisioning | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });

  afterAll(async () => {
    await provisioning?.stop();
    await cluster?.stop();
  });

  it(`start at most ${CAP} db-init Jobs at a time, and each waiting project starts when a Job finishes`, async () => {
    await cluster.createNamespace('team-t');
    await cluster.createDatabaseSecret('team-t', 'db');
    const database = mockServices.database({
      knex: await databases.init('SQLITE_3'),
    });
    const store = await DatabaseProjectStore.create({ database });
    const logger = mockServices.logger.mock();
    // No periodic resync here: only the Job watch can wake a waiting project.
    provisioning = createProvisioning({
      store,
      keys: await DatabaseKeyMaterialStore.create({
        database,
        cipher: new SecretsCipher([TEST_ENCRYPTION_KEY]),
      }),
      clusters: [
        {
          name: 'local',
          client: await KubernetesClusterClient.create({
            kubeConfig: cluster.kubeConfig,
            logger,
          }),
        },
      ],
      sqlSet: loadSqlSet(),
      settings: {
        componentTimeoutMs: 120_000,
        dbInitWaitSeconds: 2,
        maxConcurrentDbInitRunsPerServer: CAP,
      },
      logger,
      watch: true,
    });
    const jobs = await watchRunningJobs(cluster.kubeConfig, 'db-init');

    const uids: string[] = [];
    for (let i = 0; i < PROJECTS; i++) {
      const project = await store.createProject({
        namespace: 'team-t',
        name: `shop-${i}`,
        spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
      });
      uids.push(project.uid);
    }
    uids.forEach(uid => provisioning!.worker.kick(uid));

    await waitUntil(
      'every project Running',
      async () => {
        const projects = await Promise.all(
          uids.map(uid => store.getProjectByUid(uid)),
        );
        const failed = projects.find(p => p?.phase === 'Failed');
        if (failed) {
          throw new Error(
            `${failed.name} failed: ${JSON.stringify(
              await store.listEvents(failed.uid),
            )}`,
          );
        }
        return projects.every(p => p?.phase === 'Running');
      },
      240_000,
    );
    jobs.stop();

    expect(jobs.most()).toBeGreaterThan(0);
    expect(jobs.most()).toBeLessThanOrEqual(CAP);
    // That a waiting project says so once, with how many are ahead, is
    // pipeline/phases/initializeDatabase.test.ts's.
    const waits = await Promise.all(
      uids.map(async uid =>
        (
          await store.listEvents(uid)
        ).some(e => e.reason === WAITING_FOR_DATABASE_SERVER),
      ),
    );
    expect(waits).toContain(true);
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import {
  PipelineFixture,
  startPipelineFixture,
  SUCCESSFUL_RUN_LOG,
} from '../__testUtils__/startPipelineFixture';
import { waitUntil } from '../__testUtils__/waitUntil';
import { createProvisioning } from '../service/createProvisioning';

// Fast, but keys and role passwords are derived for real: a busy machine
// must not fail it.
jest.setTimeout(60_000);

describe('ProjectWorker with watches, against a cluster in memory', () => {
  let fixture: PipelineFixture;
  let provisioning: ReturnType<typeof createProvisioning>;

  beforeEach(async () => {
    fixture = await startPipelineFixture();
    fixture.createNamespace('team-a');
    fixture.createDatabaseSecret('team-a', 'shop-db');
    const { cluster, ...ctx } = fixture.ctx;
    provisioning = createProvisioning({
      ...ctx,
      clusters: [{ name: 'local', client: cluster }],
      logger: mockServices.logger.mock(),
      watch: true,
    });
  });

  afterEach(async () => {
    await provisioning.stop();
    await fixture.stop();
  });

  const phaseOf = async (uid: string) =>
    (await fixture.store.getProjectByUid(uid))?.phase;

  it('moves a project on when its db-init Job completes: the watch pushes, nothing polls', async () => {
    const project = await fixture.store.createProject({
      namespace: 'team-a',
      name: 'shop',
      spec: { database: { secretRef: 'shop-db', sslMode: 'disable' } },
    });
    provisioning.worker.kick(project.uid);
    await waitUntil(
      'the db-init Job',
      async () =>
        fixture.cluster.peek({
          apiVersion: 'batch/v1',
          kind: 'Job',
          namespace: 'team-a',
          name: 'shop-db-init',
        }) !== undefined,
    );
    await provisioning.worker.idle();
    expect(await phaseOf(project.uid)).toBe('InitializingDatabase');

    // The Job controller's and the kubelet's part. No kick, no resync from
    // here on.
    fixture.completeDbInitJob('team-a', 'shop', SUCCESSFUL_RUN_LOG);

    await waitUntil(
      'the project to leave InitializingDatabase',
      async () => (await phaseOf(project.uid)) !== 'InitializingDatabase',
    );
    const events = await fixture.store.listEvents(project.uid);
    expect(events.map(e => e.reason)).toContain('DatabaseInitialized');
  });
});

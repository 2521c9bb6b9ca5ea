import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  PipelineFixture,
  startPipelineFixture,
} from '../__testUtils__/startPipelineFixture';
import { waitUntil } from '../__testUtils__/waitUntil';
import { createProvisioning } from '../service/createProvisioning';
import { standardLabels } from '../resources';

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
    provisioning = createProvisioning({
      ...fixture.ctx,
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
    await waitUntil('the db-init Job', async () =>
        fixture.cluster.peek({
          apiVersion: 'batch/v1',
          kind: 'Job',
          namespace: 'team-a',
          name: 'shop-db-init',
        }) !== undefined,
    );
    await provisioning.worker.idle();
    expect(await phaseOf(project.uid)).toBe('InitializingDatabase');

    // The Job controller's and the kubelet's part: a pod that ran the set,
    // then the Job's Complete condition. No kick, no resync from here on.
    const jobRef = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: 'team-a',
      name: 'shop-db-init',
    };
    const job = fixture.cluster.peek<V1Job>(jobRef)!;
    fixture.cluster.setPodLog(
      'team-a',
      'shop-db-init-a1',
      [
        'supabase-init: file=00-baseline.sql result=applied errors=0 checksum=abc',
        'supabase-init: summary applied=1 skipped=0 failed=0 errors=0 not_attempted=0',
      ].join('\n'),
    );
    fixture.cluster.put<V1Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        namespace: 'team-a',
        name: 'shop-db-init-a1',
        labels: {
          ...standardLabels('shop', 'db-init'),
          'job-name': 'shop-db-init',
        },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: 'shop-db-init',
            uid: job.metadata!.uid!,
          },
        ],
      },
      spec: { containers: [{ name: 'db-init', image: 'postgres' }] },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'db-init',
            image: 'postgres',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0 } },
          },
        ],
      },
    });
    fixture.cluster.update<V1Job>(jobRef, changed => {
      changed.status = {
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True' }],
      };
    });

    await waitUntil(
      'the project to leave InitializingDatabase',
      async () => (await phaseOf(project.uid)) !== 'InitializingDatabase',
    );
    const events = await fixture.store.listEvents(project.uid);
    expect(events.map(e => e.reason)).toContain('DatabaseInitialized');
  });
});

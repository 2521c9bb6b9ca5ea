import { mockServices } from '@backstage/backend-test-utils';
import {
  PipelineFixture,
  startPipelineFixture,
  SUCCESSFUL_RUN_LOG,
} from '../__testUtils__/startPipelineFixture';
import { waitUntil } from '../__testUtils__/waitUntil';
import { ProjectStore } from '../database/ProjectStore';
import { ProjectClusters } from '../kubernetes/ProjectClusters';
import { createProvisioning } from '../service/createProvisioning';
import { ProjectChanges } from './ProjectChanges';
import { ProjectWorker } from './ProjectWorker';

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

describe('ProjectWorker, the order of its work', () => {
  let fixture: PipelineFixture;
  /** The projects the worker set out to reconcile, in order. */
  let started: string[];
  /** Releases the reconcile held at its claim. */
  let release: () => void;
  let worker: ProjectWorker;

  beforeEach(async () => {
    fixture = await startPipelineFixture();
    started = [];
    let held: Promise<void> | undefined = new Promise<void>(resolve => {
      release = resolve;
    });
    // The first reconcile holds at its claim, so that the test can queue up
    // work behind it; each claim then goes to "another replica", which ends
    // the reconcile: the order is what is tested, not the pipeline.
    const store = Object.create(fixture.store) as ProjectStore;
    store.tryAcquireLease = async uid => {
      started.push(uid);
      const wait = held;
      held = undefined;
      await wait;
      return false;
    };
    const { cluster, ...context } = fixture.ctx;
    worker = new ProjectWorker({
      context: { ...context, store },
      clusters: new ProjectClusters([{ name: 'local', client: cluster }]),
      changes: new ProjectChanges(),
      logger: mockServices.logger.mock(),
      concurrency: 1,
    });
  });

  afterEach(async () => {
    release();
    await worker.stop();
    await fixture.stop();
  });

  const createProjects = async (count: number) => {
    const uids: string[] = [];
    for (let i = 0; i < count; i++) {
      const project = await fixture.store.createProject({
        namespace: 'team-a',
        name: `p${i}`,
        spec: { database: { secretRef: `p${i}-db` } },
      });
      uids.push(project.uid);
    }
    return uids;
  };

  it('reconciles a project kicked by an event before the rest of the resync pass, once', async () => {
    await createProjects(5);
    // The pass goes in the store's order.
    const [p0, p1, p2, p3, p4] = await fixture.store.listProjectUids();
    await worker.resync();
    expect(started).toEqual([p0]);

    worker.kick(p3);
    release();
    await worker.idle();

    expect(started).toEqual([p0, p3, p1, p2, p4]);
  });

  it('puts a project whose claim ran out ahead of other events', async () => {
    const [p0, p1, p2] = await createProjects(3);
    worker.kick(p0);
    worker.kick(p1);
    worker.kick(p2, 'event', true);
    release();
    await worker.idle();

    expect(started).toEqual([p0, p2, p1]);
  });

  it('never reconciles one project twice at once: kicked while it runs, it runs again after, in the lane of the kick', async () => {
    await createProjects(2);
    const [p0, p1] = await fixture.store.listProjectUids();
    await worker.resync();
    worker.kick(p0, 'bulk');
    expect(started).toEqual([p0]);
    // An event while it runs: again right after, ahead of the pass.
    worker.kick(p0);
    worker.kick(p0, 'bulk');
    expect(started).toEqual([p0]);
    release();
    await worker.idle();

    expect(started).toEqual([p0, p0, p1]);
  });
});

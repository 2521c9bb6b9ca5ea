import type { V1Job } from '@kubernetes/client-node';
import {
  TEAM,
  endJob,
  jobRef,
  projectInPhase,
  provisionToRunning,
  putJobPod,
  secretRef,
  reread,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { JobCondition } from '../../__testUtils__/jobPods';
import { ProjectRecord } from '../../database/ProjectStore';
import { deleteProject } from './deleteProject';
import { deploySecrets } from './deploySecrets';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

const RELEASE_JOB = 'shop-release';
const RELEASED_LOG =
  'supabase-init: released database=shop_data claimant=team-a/shop';

describe('deleteProject', () => {
  const fixture = usePhaseFixture();
  let events: Array<{ reason: string; message: string }>;

  beforeEach(async () => {
    // The timeline goes with the project's rows: what the deletion records
    // is read as it is written.
    events = [];
    const addEvent = fixture.store.addEvent.bind(fixture.store);
    jest
      .spyOn(fixture.store, 'addEvent')
      .mockImplementation(async (uid, event) => {
        events.push(event);
        return addEvent(uid, event);
      });
  });

  afterEach(() => jest.restoreAllMocks());

  const step = async (uid: string) =>
    deleteProject(fixture.ctx, await reread(fixture, uid));

  /** A project that ran db-init, asked to be deleted. */
  async function deleting(name = 'shop'): Promise<ProjectRecord> {
    const project = await provisionToRunning(fixture, { name });
    await fixture.store.transition(project.uid, {
      from: 'Running',
      to: 'Deleting',
      reason: 'DeleteRequested',
      message: 'Removing',
    });
    return reread(fixture, project.uid);
  }

  const projectObjects = (name: string) =>
    ['ConfigMap', 'Secret', 'Deployment', 'Service', 'Job'].flatMap(kind =>
      fixture.cluster
        .all(kind, TEAM)
        .filter(o => o.metadata?.name?.startsWith(`${name}-`))
        .filter(o => o.metadata?.name !== `${name}-db`),
    );

  /** The release Job's one attempt ends, and the Job with `condition`. */
  function endRelease(
    phase: 'Succeeded' | 'Failed',
    log: string,
    condition: JobCondition,
  ) {
    putJobPod(fixture.cluster, 'shop', RELEASE_JOB, {
      name: `${RELEASE_JOB}-a1`,
      phase,
      log,
    });
    endJob(fixture.cluster, RELEASE_JOB, condition);
  }

  /** Steps until the project is gone; the release Job must be done by then. */
  async function stepUntilGone(uid: string) {
    for (let i = 0; i < 5; i++) {
      const project = await fixture.store.getProjectByUid(uid);
      if (!project) return;
      await deleteProject(fixture.ctx, project);
    }
    throw new Error('The project is still there after 5 steps');
  }

  it('removes a project that never ran db-init at once: its objects, keys and rows, not the user’s Secret', async () => {
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    const project = await projectInPhase(fixture, 'DeployingSecrets');
    await deploySecrets(fixture.ctx, project);
    await fixture.store.transition(project.uid, {
      from: 'DeployingSecrets',
      to: 'Deleting',
      reason: 'DeleteRequested',
      message: 'Removing',
    });
    expect(projectObjects('shop').length).toBeGreaterThan(0);

    expect(await step(project.uid)).toEqual({});

    expect(projectObjects('shop')).toEqual([]);
    expect(fixture.cluster.all('Job')).toEqual([]);
    expect(await fixture.store.getProjectByUid(project.uid)).toBeUndefined();
    expect(await fixture.ctx.keys.get(project.uid)).toBeUndefined();
    expect(fixture.cluster.peek(secretRef('shop-db'))).toBeDefined();
  });

  it('runs the release Job first, keeping the database, and records the release', async () => {
    const project = await deleting();

    const first = await step(project.uid);

    expect(first.requeueAfterMs).toBeGreaterThan(0);
    const release = fixture.cluster.peek<V1Job>(jobRef('shop', RELEASE_JOB));
    expect(release).toBeDefined();
    // A db-init Job still going would race the release.
    expect(fixture.cluster.peek(jobRef('shop'))).toBeUndefined();
    // Everything stays while the release runs.
    expect(await step(project.uid)).toEqual(first);
    expect(await fixture.store.getProjectByUid(project.uid)).toBeDefined();

    endRelease('Succeeded', RELEASED_LOG, { type: 'Complete' });
    await stepUntilGone(project.uid);

    const released = events.find(e => e.reason === 'DatabaseClaimReleased');
    expect(released?.message).toContain(
      'The database "shop_data" and its data were kept; the project\'s claim on it was released',
    );
    expect(projectObjects('shop')).toEqual([]);
  });

  it('says so when there was no claim to release', async () => {
    const project = await deleting();
    await step(project.uid);
    endRelease('Succeeded', `${RELEASED_LOG} result=none`, {
      type: 'Complete',
    });

    await stepUntilGone(project.uid);

    expect(
      events.find(e => e.reason === 'DatabaseClaimReleased')?.message,
    ).toBe(
      'The database "shop_data" and its data were kept; the project held no claim on it to release.',
    );
  });

  it('deletes anyway when the release fails, saying how to release the claim by hand', async () => {
    const project = await deleting();
    await step(project.uid);
    endRelease(
      'Failed',
      'supabase-init: error=unreachable message=The database server did not answer',
      { type: 'Failed', reason: 'BackoffLimitExceeded' },
    );

    await stepUntilGone(project.uid);

    const kept = events.find(e => e.reason === 'DatabaseClaimKept');
    expect(kept?.message).toContain(
      "the project's claim on it could not be released (The database server did not answer)",
    );
    expect(kept?.message).toContain(
      'PROJECT_CLAIMANT=team-a/shop RELEASE_CLAIM=true',
    );
    expect(projectObjects('shop')).toEqual([]);
  });

  it('does not wait for a release pod that cannot start', async () => {
    const project = await deleting();
    await step(project.uid);
    putJobPod(fixture.cluster, 'shop', RELEASE_JOB, {
      name: `${RELEASE_JOB}-a1`,
      phase: 'Pending',
      waitingReason: 'InvalidImageName',
    });

    await stepUntilGone(project.uid);

    expect(
      events.find(e => e.reason === 'DatabaseClaimKept')?.message,
    ).toContain('(its pod cannot start: InvalidImageName)');
  });

  it('does not wait for a release Job past its bound', async () => {
    const project = await deleting();
    await step(project.uid);
    fixture.cluster.update<V1Job>(jobRef('shop', RELEASE_JOB), job => {
      job.metadata!.creationTimestamp = new Date('2020-01-01T00:00:00Z');
    });

    await stepUntilGone(project.uid);

    expect(
      events.find(e => e.reason === 'DatabaseClaimKept')?.message,
    ).toContain('(it did not finish in time)');
  });

  it('starts no release without the database Secret, and says the claim is kept', async () => {
    const project = await deleting();
    await fixture.cluster.delete(secretRef('shop-db'));

    await stepUntilGone(project.uid);

    expect(fixture.cluster.count('ensure', 'Job')).toBe(1); // db-init only
    expect(
      events.find(e => e.reason === 'DatabaseClaimKept')?.message,
    ).toContain('(its Secret is gone)');
  });

  it('leaves another project in the namespace alone', async () => {
    const blog = await provisionToRunning(fixture, { name: 'blog' });
    const blogObjects = projectObjects('blog').length;
    const project = await deleting('shop');
    await step(project.uid);
    endRelease('Succeeded', RELEASED_LOG, { type: 'Complete' });

    await stepUntilGone(project.uid);

    expect(projectObjects('blog')).toHaveLength(blogObjects);
    expect((await reread(fixture, blog.uid)).phase).toBe('Running');
    expect(await fixture.ctx.keys.get(blog.uid)).toBeDefined();
  });
});

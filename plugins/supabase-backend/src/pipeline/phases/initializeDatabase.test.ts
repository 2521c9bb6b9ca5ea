import type { V1Job, V1Secret } from '@kubernetes/client-node';
import {
  FAILURE_LOG_LINES_MARKER,
  SHARED_BY_OWNERS_ANNOTATION,
} from '@supabase-backstage/plugin-supabase-common';
import { SUCCESSFUL_RUN_LOG } from '../../__testUtils__/startPipelineFixture';
import {
  TEAM,
  endJob,
  eventReasons,
  jobRef,
  projectInPhase,
  putJobPod,
  secretRef,
  reread,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { DB_INIT_RUN_ANNOTATION } from '../../resources';
import { initializeDatabase } from './initializeDatabase';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

const FAILED_RUN_LOG = (line: string) =>
  [
    'psql: connecting to db.example:5432',
    line,
    'supabase-init: summary applied=0 skipped=0 failed=1 errors=1 not_attempted=3',
  ].join('\n');

describe('initializeDatabase', () => {
  const fixture = usePhaseFixture({ databaseSecret: 'shop-db' });

  const jobOf = (project = 'shop') =>
    fixture.cluster.peek<V1Job>(jobRef(project));

  /** One step of the phase on the project as the store has it now. */
  const step = async (uid: string) =>
    initializeDatabase(fixture.ctx, await reread(fixture, uid));

  /** A project whose first step has started its db-init Job. */
  async function started(name = 'shop') {
    const project = await projectInPhase(fixture, 'InitializingDatabase', {
      name,
    });
    expect(await step(project.uid)).toEqual({});
    return project;
  }

  /** The db-init Job's one attempt fails, ending the Job for good. */
  function failOnce(log: string) {
    putJobPod(fixture.cluster, 'shop', 'shop-db-init', {
      name: 'shop-db-init-a1',
      phase: 'Failed',
      log,
    });
    endJob(fixture.cluster, 'shop-db-init', {
      type: 'Failed',
      reason: 'PodFailurePolicy',
    });
  }

  const runsOf = (uid: string) => fixture.store.listRuns(uid);

  it('writes the Secrets the Job reads, records a run and starts one Job for it', async () => {
    const project = await started();

    const secrets = fixture.cluster
      .all<V1Secret>('Secret', TEAM)
      .map(s => s.metadata!.name);
    expect(secrets).toEqual(
      expect.arrayContaining(['shop-jwt', 'shop-db-init']),
    );
    // The components' Secret follows only once the database has the passwords.
    expect(secrets).not.toContain('shop-roles');
    const [run] = await runsOf(project.uid);
    expect(run).toMatchObject({
      number: 1,
      trigger: 'Initial',
      state: 'Running',
    });
    expect(jobOf()!.metadata!.annotations![DB_INIT_RUN_ANNOTATION]).toBe(
      String(run.id),
    );
    expect((await reread(fixture, project.uid)).currentRunId).toBe(run.id);
    expect(await eventReasons(fixture, project.uid)).toContain(
      'DbInitRunCreated',
    );

    // While the Job runs, each step only looks.
    expect(await step(project.uid)).toEqual({});
    expect(fixture.cluster.count('ensure', 'Job')).toBe(1);
    expect(await runsOf(project.uid)).toHaveLength(1);
  });

  it('moves on once the Job completes: the run succeeded, the version is applied, the log is archived', async () => {
    const project = await started();
    fixture.completeDbInitJob(TEAM, 'shop', SUCCESSFUL_RUN_LOG);

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'DeployingSecrets',
      reason: 'DatabaseInitialized',
    });
    expect(result.next!.message).toMatch(
      /SQL set version \S+: 1 files applied, 0 already applied/,
    );
    const [run] = await runsOf(project.uid);
    expect(run.state).toBe('Succeeded');
    expect(run.attempts[0]).toMatchObject({
      state: 'Succeeded',
      archived: true,
    });
    expect(await fixture.store.getAttemptLog(run.id, 1)).toBe(
      SUCCESSFUL_RUN_LOG,
    );
    const after = await reread(fixture, project.uid);
    expect(after.appliedSqlVersion).toBe(run.sqlVersion);
  });

  it('runs nothing for a version the database already has, even with the Job gone', async () => {
    const project = await started();
    fixture.completeDbInitJob(TEAM, 'shop', SUCCESSFUL_RUN_LOG);
    await step(project.uid);
    await fixture.cluster.delete(jobRef('shop'));

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'DeployingSecrets',
      reason: 'AlreadyInitialized',
    });
    expect(jobOf()).toBeUndefined();
    expect(await runsOf(project.uid)).toHaveLength(1);
  });

  it('fails naming the attempts, the Job condition, the script error and the last log lines', async () => {
    const project = await started();
    putJobPod(fixture.cluster, 'shop', 'shop-db-init', {
      name: 'shop-db-init-a1',
      phase: 'Failed',
      log: 'first attempt: could not connect',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    putJobPod(fixture.cluster, 'shop', 'shop-db-init', {
      name: 'shop-db-init-a2',
      phase: 'Failed',
      log: FAILED_RUN_LOG(
        'supabase-init: error=unreachable message=The database server did not answer',
      ),
      createdAt: new Date('2026-01-01T00:01:00Z'),
    });
    endJob(fixture.cluster, 'shop-db-init', {
      type: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DatabaseInitFailed',
    });
    const message = result.next!.message;
    expect(message).toContain(
      'The db-init Job failed after 2 attempts (BackoffLimitExceeded: Job has reached the specified backoff limit).',
    );
    expect(message).toContain('The database server did not answer.');
    expect(message).toContain(
      `${FAILURE_LOG_LINES_MARKER}psql: connecting to db.example:5432`,
    );
    expect(message).not.toContain('retrying cannot fix');
    const [run] = await runsOf(project.uid);
    expect(run).toMatchObject({ state: 'Failed', message });
    // Every attempt's log is kept, for after the Job is gone.
    expect(run.attempts.map(a => a.archived)).toEqual([true, true]);
    expect(await fixture.store.getAttemptLog(run.id, 1)).toBe(
      'first attempt: could not connect',
    );
  });

  it('says when a failure is permanent (a podFailurePolicy ended the Job)', async () => {
    const project = await started();
    failOnce('psql: FATAL: syntax error');

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DatabaseInitFailedPermanently',
    });
    expect(result.next!.message).toContain(
      'failed after 1 attempt, with an error that retrying cannot fix (PodFailurePolicy)',
    );
  });

  it.each([
    ['database-claimed', 'DatabaseClaimed'],
    ['roles-claimed', 'RolesClaimed'],
    ['server-owned', 'ServerOwnedByAnotherOwner'],
    ['server-shared', 'ServerSharedUnmarkedSecret'],
    ['database-exists', 'DatabaseExists'],
    ['no-createdb', 'NoCreateDatabasePrivilege'],
    ['rejected', 'DatabaseRejected'],
  ])(
    'fails with the reason of the script error %s: %s',
    async (code, reason) => {
      const project = await started();
      failOnce(
        FAILED_RUN_LOG(
          `supabase-init: error=${code} message=What the script said about ${code}`,
        ),
      );

      const result = await step(project.uid);

      expect(result.next).toMatchObject({ to: 'Failed', reason });
      expect(result.next!.message).toContain(
        `What the script said about ${code}.`,
      );
    },
  );

  it("tells the run the project's owner, and whether the platform shares its server", async () => {
    const envOf = (name: string) =>
      Object.fromEntries(
        jobOf(name)!.spec!.template.spec!.containers[0].env!.map(e => [
          e.name,
          e.value,
        ]),
      );
    const owned = await projectInPhase(fixture, 'InitializingDatabase');
    await fixture.store.changeOwner(owned.uid, {
      owner: 'group:default/team-a',
      event: { reason: 'TestSetUp', message: 'owned by team A' },
    });
    const onShared = await projectInPhase(fixture, 'InitializingDatabase', {
      name: 'blog',
    });
    fixture.createDatabaseSecret(TEAM, 'blog-db');
    const secret = fixture.cluster.peek<V1Secret>(secretRef('blog-db'))!;
    fixture.cluster.put({
      ...secret,
      metadata: {
        ...secret.metadata,
        annotations: { [SHARED_BY_OWNERS_ANNOTATION]: 'true' },
      },
    });

    expect(await step(owned.uid)).toEqual({});
    expect(await step(onShared.uid)).toEqual({});

    expect(envOf('shop')).toMatchObject({
      PROJECT_OWNER: 'group:default/team-a',
      SERVER_SHARED: 'false',
    });
    expect(envOf('blog')).toMatchObject({ SERVER_SHARED: 'true' });
  });

  it('fails at once on a pod Kubernetes would keep waiting forever, and removes the Job', async () => {
    const project = await started();
    putJobPod(fixture.cluster, 'shop', 'shop-db-init', {
      name: 'shop-db-init-a1',
      phase: 'Pending',
      waitingReason: 'InvalidImageName',
      waitingMessage: 'couldn\'t parse image name "bad image"',
    });

    const result = await step(project.uid);

    expect(result.next).toEqual({
      to: 'Failed',
      reason: 'InvalidImageName',
      message:
        'The db-init pod cannot start: InvalidImageName: couldn\'t parse image name "bad image"',
    });
    expect(jobOf()).toBeUndefined();
    const [run] = await runsOf(project.uid);
    expect(run.state).toBe('Failed');
  });

  it('keeps waiting while a pod is only pulling its image', async () => {
    const project = await started();
    putJobPod(fixture.cluster, 'shop', 'shop-db-init', {
      name: 'shop-db-init-a1',
      phase: 'Pending',
      waitingReason: 'ContainerCreating',
    });

    expect(await step(project.uid)).toEqual({});
    expect(jobOf()).toBeDefined();
  });

  it('after a failed run, removes its Job first, then starts a new run (a retry) with its own Job', async () => {
    const project = await started();
    const [first] = await runsOf(project.uid);
    const oldJob = jobOf()!;
    await fixture.store.finishRun(first.id, { state: 'Failed' });

    // The old run's Job is in the way: only removed.
    expect(await step(project.uid)).toEqual({});
    expect(jobOf()).toBeUndefined();

    expect(await step(project.uid)).toEqual({});
    const runs = await runsOf(project.uid);
    expect(runs).toHaveLength(2);
    const second = runs.find(r => r.id !== first.id)!;
    expect(second).toMatchObject({ number: 2, trigger: 'Retry' });
    const newJob = jobOf()!;
    expect(newJob.metadata!.uid).not.toBe(oldJob.metadata!.uid);
    expect(newJob.metadata!.annotations![DB_INIT_RUN_ANNOTATION]).toBe(
      String(second.id),
    );
  });

  it('creates the Job of a running run again when it disappeared, saying so', async () => {
    const project = await started();
    await fixture.cluster.delete(jobRef('shop'));

    expect(await step(project.uid)).toEqual({});

    expect(jobOf()).toBeDefined();
    expect(await runsOf(project.uid)).toHaveLength(1);
    expect(await eventReasons(fixture, project.uid)).toContain(
      'DbInitJobRecreated',
    );
  });

  it('fails when the database Secret disappeared, starting nothing', async () => {
    const project = await projectInPhase(fixture, 'InitializingDatabase');
    await fixture.cluster.delete(secretRef('shop-db'));

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DependencyInvalid',
    });
    expect(result.next!.message).toContain('disappeared');
    expect(fixture.cluster.all('Job')).toHaveLength(0);
  });

  it('waits for a turn on a busy database server, says so once, and starts when a Job there ends', async () => {
    fixture.ctx.settings.maxConcurrentDbInitRunsPerServer = 1;
    // Both projects' Secrets name the same server.
    fixture.createDatabaseSecret(TEAM, 'blog-db');
    await started('shop');
    const blog = await projectInPhase(fixture, 'InitializingDatabase', {
      name: 'blog',
    });

    expect(await step(blog.uid)).toEqual({});
    expect(await step(blog.uid)).toEqual({});

    expect(jobOf('blog')).toBeUndefined();
    const reasons = await eventReasons(fixture, blog.uid);
    expect(reasons.filter(r => r === 'WaitingForDatabaseServer')).toHaveLength(
      1,
    );
    const waiting = (await fixture.store.listEvents(blog.uid)).pop()!;
    expect(waiting.message).toContain('1 db-init run is ahead (1 running');

    fixture.completeDbInitJob(TEAM, 'shop', SUCCESSFUL_RUN_LOG);
    expect(await step(blog.uid)).toEqual({});
    expect(jobOf('blog')).toBeDefined();
  });
});

import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { DatabaseProjectStore } from './DatabaseProjectStore';

// Migrations and queries on a real PostgreSQL, on a machine that may be busy.
jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return DatabaseProjectStore.create({
    database: { getClient: async () => knex },
  });
}

const spec = { database: { secretRef: 'db' } };

describe.each(databases.eachSupportedId())('DatabaseProjectStore on %p', id => {
  it('creates a project in Pending with a first timeline event', async () => {
    const store = await createStore(id);
    const project = await store.createProject({
      namespace: 'team-a',
      name: 'app',
      spec,
      owner: 'user:default/jane',
    });
    expect(project).toMatchObject({
      namespace: 'team-a',
      name: 'app',
      phase: 'Pending',
      generation: 1,
      owner: 'user:default/jane',
      spec,
    });
    const events = await store.listEvents(project.uid);
    expect(events).toEqual([
      expect.objectContaining({ phase: 'Pending', reason: 'Created' }),
    ]);
    expect(
      await store.getProject({ namespace: 'team-a', name: 'app' }),
    ).toEqual(project);
  });

  it('refuses a duplicate with a ConflictError', async () => {
    const store = await createStore(id);
    await store.createProject({ namespace: 'ns', name: 'dup', spec });
    await expect(
      store.createProject({ namespace: 'ns', name: 'dup', spec }),
    ).rejects.toThrow(ConflictError);
  });

  it('records a transition once, even when two workers race', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'race',
      spec,
    });
    const move = {
      from: 'Pending' as const,
      to: 'ValidatingDependencies' as const,
      reason: 'Accepted',
      message: 'Validating',
    };
    const results = await Promise.all([
      store.transition(uid, move),
      store.transition(uid, move),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const events = await store.listEvents(uid);
    expect(events.map(e => e.phase)).toEqual([
      'Pending',
      'ValidatingDependencies',
    ]);
    expect((await store.getProjectByUid(uid))!.phase).toBe(
      'ValidatingDependencies',
    );
  });

  it('replaces the spec with a generation bump once, even when two updates race', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'upd',
      spec,
    });
    const update = (replicas: number) =>
      store.updateSpec(uid, {
        generation: 1,
        spec: { ...spec, components: { auth: { replicas } } },
        event: { reason: 'SpecChanged', message: `replicas ${replicas}` },
      });
    const results = await Promise.all([update(2), update(3)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const project = (await store.getProjectByUid(uid))!;
    expect(project.generation).toBe(2);
    const winner = results[0] ? 2 : 3;
    expect(project.spec.components?.auth?.replicas).toBe(winner);
    const events = await store.listEvents(uid);
    expect(events.map(e => [e.phase, e.reason, e.message])).toEqual([
      ['Pending', 'Created', expect.any(String)],
      ['Pending', 'SpecChanged', `replicas ${winner}`],
    ]);
  });

  it('lists with filters, search and paging', async () => {
    const store = await createStore(id);
    for (const name of ['alpha', 'beta', 'gamma', 'al_pha']) {
      await store.createProject({ namespace: 'ns', name, spec });
    }
    await store.createProject({ namespace: 'other', name: 'alpha', spec });

    const all = await store.listProjects({ limit: 2 });
    expect(all.totalCount).toBe(5);
    expect(all.items).toHaveLength(2);
    const second = await store.listProjects({ limit: 2, offset: 2 });
    expect(second.items.map(p => p.uid)).not.toEqual(all.items.map(p => p.uid));

    const ns = await store.listProjects({ namespace: 'other' });
    expect(ns.items.map(p => p.name)).toEqual(['alpha']);

    // "_" is a LIKE wildcard; searching for it must match it literally.
    const search = await store.listProjects({ search: 'l_p' });
    expect(search.items.map(p => p.name)).toEqual(['al_pha']);
  });

  it('lets one holder at a time hold a lease, until it expires', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'lease',
      spec,
    });
    expect(await store.tryAcquireLease(uid, 'a', 60_000)).toBe(true);
    expect(await store.tryAcquireLease(uid, 'b', 60_000)).toBe(false);
    expect(await store.tryAcquireLease(uid, 'a', 60_000)).toBe(true);
    await store.releaseLease(uid, 'a');
    expect(await store.tryAcquireLease(uid, 'b', -1)).toBe(true);
    // b's lease has already expired, so a may take over.
    expect(await store.tryAcquireLease(uid, 'a', 60_000)).toBe(true);
  });

  it('lists the leases held, with when each runs out', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'leases',
      spec,
    });
    expect(await store.listLeases()).toEqual([]);
    const before = Date.now();
    await store.tryAcquireLease(uid, 'a', 60_000);
    const [lease] = await store.listLeases();
    expect(lease).toMatchObject({ uid, holder: 'a' });
    expect(lease.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    await store.releaseLease(uid, 'a');
    expect(await store.listLeases()).toEqual([]);
  });

  it('keeps db-init runs with attempts and archived logs', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'runs',
      spec,
    });
    const run = await store.createRun({
      projectUid: uid,
      jobName: 'runs-db-init',
      trigger: 'Initial',
      sqlVersion: 'v1',
      backoffLimit: 3,
    });
    await store.upsertAttempt(run.id, {
      attempt: 1,
      podName: 'runs-db-init-abcde',
      state: 'Running',
    });
    await store.upsertAttempt(run.id, {
      attempt: 1,
      podName: 'runs-db-init-abcde',
      state: 'Failed',
      exitCode: 2,
      reason: 'Error',
    });
    await store.archiveAttemptLog(run.id, 'runs-db-init-abcde', {
      log: 'line 1\nline 2\n',
      fileResults: [
        { file: '00-initial-schema.sql', result: 'failed', errors: 1 },
      ],
    });
    await store.finishRun(run.id, { state: 'Failed', message: 'boom' });

    const [stored] = await store.listRuns(uid);
    expect(stored).toMatchObject({
      id: run.id,
      state: 'Failed',
      message: 'boom',
      attempts: [
        {
          attempt: 1,
          state: 'Failed',
          exitCode: 2,
          archived: true,
          logSize: 14,
          fileResults: [
            { file: '00-initial-schema.sql', result: 'failed', errors: 1 },
          ],
        },
      ],
    });
    expect(stored.finishedAt).toBeDefined();
    expect(await store.getAttemptLog(run.id, 1)).toBe('line 1\nline 2\n');
  });

  it('numbers runs within each project', async () => {
    const store = await createStore(id);
    const a = await store.createProject({ namespace: 'n', name: 'a', spec });
    const b = await store.createProject({ namespace: 'n', name: 'b', spec });
    const run = (projectUid: string) =>
      store.createRun({
        projectUid,
        jobName: 'x-db-init',
        trigger: 'Initial',
        sqlVersion: 'v',
        backoffLimit: 3,
      });
    const a1 = await run(a.uid);
    const b1 = await run(b.uid);
    const a2 = await run(a.uid);
    expect([a1.number, b1.number, a2.number]).toEqual([1, 1, 2]);
    expect((await store.getRun(a2.id))!.number).toBe(2);
    expect((await store.listRuns(a.uid)).map(r => r.number)).toEqual([2, 1]);
  });

  it('counts role-password generations per set of credentials, also when rotations race', async () => {
    const store = await createStore(id);
    expect(await store.getRolePasswordGeneration('key-a')).toBe(0);
    expect(await store.advanceRolePasswordGeneration('key-a')).toBe(1);
    await Promise.all([
      store.advanceRolePasswordGeneration('key-a'),
      store.advanceRolePasswordGeneration('key-a'),
    ]);
    expect(await store.getRolePasswordGeneration('key-a')).toBe(3);
    expect(await store.getRolePasswordGeneration('key-b')).toBe(0);
  });

  it('deletes a project with everything it has', async () => {
    const store = await createStore(id);
    const { uid } = await store.createProject({
      namespace: 'ns',
      name: 'gone',
      spec,
    });
    const run = await store.createRun({
      projectUid: uid,
      jobName: 'gone-db-init',
      trigger: 'Initial',
      sqlVersion: 'v1',
      backoffLimit: 3,
    });
    await store.upsertAttempt(run.id, {
      attempt: 1,
      podName: 'gone-db-init-x',
      state: 'Running',
    });
    await store.deleteProject(uid);
    expect(await store.getProjectByUid(uid)).toBeUndefined();
    expect(await store.listEvents(uid)).toEqual([]);
    expect(await store.listRuns(uid)).toEqual([]);
    expect(await store.getRun(run.id)).toBeUndefined();
  });
});

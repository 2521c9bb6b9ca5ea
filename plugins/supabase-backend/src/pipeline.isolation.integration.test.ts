import { ProjectEvent } from '@supabase-backstage/plugin-supabase-common';
import { databaseExists, queryDatabase } from './__testUtils__/queryDatabase';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

/**
 * One project, one database: on a server each project gets a database of its
 * own; a database already held by a project refuses any other and is left as
 * it was; deleting a project keeps its database and releases it.
 */
// What each refusal says is the SQL set's (sql/src/*.test.ts) and
// pipeline/phases/initializeDatabase.test.ts's; here, that each is refused
// on a real server and changes nothing there.
describe('database isolation', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;
  const admin = () => ({
    user: cluster.postgres.user,
    password: cluster.postgres.password,
  });

  beforeAll(async () => {
    cluster = await startTestCluster();
    for (const namespace of ['team-i', 'team-i-x']) {
      await cluster.createNamespace(namespace);
      // The server's superuser; `database` is the maintenance database.
      await cluster.createDatabaseSecret(namespace, 'server', {
        database: 'postgres',
      });
    }
    env = await startSupabaseBackend(cluster);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  const onServer = (secret = 'server') => ({
    database: { serverSecretRef: secret, sslMode: 'disable' },
  });

  async function create(namespace: string, name: string, spec: object) {
    await env.api.post('/projects', { namespace, name, spec }).expect(201);
  }

  /** The JWT secret 02-jwt.sql stored on a database. */
  async function jwtSettingOf(database: string) {
    const [row] = await queryDatabase(
      cluster,
      `SELECT s.setconfig::text AS config FROM pg_db_role_setting s
         JOIN pg_database d ON d.oid = s.setdatabase
        WHERE s.setrole = 0 AND d.datname = '${database}'`,
    );
    return row?.config as string | undefined;
  }

  async function jwtSecretOf(namespace: string, project: string) {
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const secret = await core.readNamespacedSecret({
      namespace,
      name: `${project}-jwt`,
    });
    return Buffer.from(secret.data!.jwtSecret, 'base64').toString();
  }

  async function claimOf(database: string) {
    const [row] = await queryDatabase(
      cluster,
      'SELECT claimant, released_at FROM supabase_init.database_claim',
      admin(),
      database,
    );
    return row as { claimant: string; released_at: Date | null } | undefined;
  }

  async function runsOf(ref: string) {
    return (await env.api.get(`/projects/${ref}/db-init`)).body.runs;
  }

  /**
   * Waits for a project to fail as an error no retry fixes does: Failed
   * with `reason`, its Job ended by the podFailurePolicy after one pod.
   */
  async function failedAtOnce(ref: string, reason: string) {
    const project = await env.api.waitForSettled(ref);
    expect(project.phase).toBe('Failed');
    expect(project.reason).toBe(reason);
    const [run] = await runsOf(ref);
    expect(run.state).toBe('Failed');
    expect(run.attempts).toHaveLength(1);
    return project;
  }

  it('gives each project on a server a database of its own, with its own secret', async () => {
    await create('team-i', 'alpha', onServer());
    await create('team-i', 'beta', onServer());
    const alpha = await env.api.waitForSettled('team-i/alpha');
    const beta = await env.api.waitForSettled('team-i/beta');
    expect([alpha.phase, beta.phase]).toEqual(['Running', 'Running']);
    expect(alpha.database).toEqual({
      name: 'supabase_team_i_alpha',
      createdByPlugin: true,
    });
    expect(beta.database).toEqual({
      name: 'supabase_team_i_beta',
      createdByPlugin: true,
    });
    for (const [project, database] of [
      ['alpha', 'supabase_team_i_alpha'],
      ['beta', 'supabase_team_i_beta'],
    ]) {
      expect(await databaseExists(cluster, database)).toBe(true);
      expect(await jwtSettingOf(database)).toContain(
        await jwtSecretOf('team-i', project),
      );
      expect(await claimOf(database)).toMatchObject({
        claimant: `team-i/${project}`,
        released_at: null,
      });
    }
    expect(await jwtSecretOf('team-i', 'alpha')).not.toBe(
      await jwtSecretOf('team-i', 'beta'),
    );
    const [run] = await runsOf('team-i/alpha');
    const fileResults = run.attempts[0].fileResults;
    expect(fileResults.length).toBeGreaterThan(0);
    expect(
      fileResults.every((f: { result: string }) => f.result === 'applied'),
    ).toBe(true);
  });

  it('refuses a second project on a database another holds, and changes nothing there', async () => {
    await queryDatabase(cluster, 'CREATE DATABASE shared');
    await cluster.createDatabaseSecret('team-i', 'shared-db', {
      database: 'shared',
    });
    await create('team-i', 'first', {
      database: { secretRef: 'shared-db', sslMode: 'disable' },
    });
    expect((await env.api.waitForSettled('team-i/first')).phase).toBe(
      'Running',
    );
    await queryDatabase(
      cluster,
      "CREATE TABLE public.notes (body text); INSERT INTO public.notes VALUES ('first''s data')",
      admin(),
      'shared',
    );
    const snapshot = async () => ({
      jwt: await jwtSettingOf('shared'),
      claim: await claimOf('shared'),
      applied: await queryDatabase(
        cluster,
        'SELECT file, checksum, applied_at FROM supabase_init.applied_files ORDER BY file',
        admin(),
        'shared',
      ),
      notes: await queryDatabase(
        cluster,
        'SELECT body FROM public.notes',
        admin(),
        'shared',
      ),
      roles: await queryDatabase(
        cluster,
        "SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN ('authenticator', 'supabase_auth_admin', 'supabase_storage_admin', 'supabase_admin') ORDER BY rolname",
      ),
    });
    const before = await snapshot();
    expect(before.jwt).toContain(await jwtSecretOf('team-i', 'first'));

    await create('team-i', 'second', {
      database: { secretRef: 'shared-db', sslMode: 'disable' },
    });
    // One pod: a claimed database is no reason to retry.
    await failedAtOnce('team-i/second', 'DatabaseClaimed');

    expect(await snapshot()).toEqual(before);
    expect((await env.api.get('/projects/team-i/first')).body.phase).toBe(
      'Running',
    );
  });

  it('refuses a project whose database name another project has', async () => {
    // `team-i/x-y` and `team-i-x/y` both derive supabase_team_i_x_y.
    await create('team-i', 'x-y', onServer());
    expect((await env.api.waitForSettled('team-i/x-y')).phase).toBe('Running');
    await create('team-i-x', 'y', onServer());
    await failedAtOnce('team-i-x/y', 'DatabaseClaimed');
    expect(await claimOf('supabase_team_i_x_y')).toMatchObject({
      claimant: 'team-i/x-y',
      released_at: null,
    });
  });

  it('refuses to take over a database of that name that no project made, and leaves it alone', async () => {
    await queryDatabase(cluster, 'CREATE DATABASE supabase_team_i_taken');
    await create('team-i', 'taken', onServer());
    await failedAtOnce('team-i/taken', 'DatabaseExists');
    const schemas = await queryDatabase(
      cluster,
      "SELECT nspname FROM pg_namespace WHERE nspname IN ('supabase_init', 'auth', 'storage')",
      admin(),
      'supabase_team_i_taken',
    );
    expect(schemas).toEqual([]);
  });

  it('fails a server Secret whose login may not create databases at once, creating nothing', async () => {
    await queryDatabase(
      cluster,
      "CREATE ROLE no_createdb LOGIN PASSWORD 'no-createdb-password'",
    );
    await cluster.createDatabaseSecret('team-i', 'weak-server', {
      database: 'postgres',
      username: 'no_createdb',
      password: 'no-createdb-password',
    });
    await create('team-i', 'weak', onServer('weak-server'));
    await failedAtOnce('team-i/weak', 'NoCreateDatabasePrivilege');
    expect(await databaseExists(cluster, 'supabase_team_i_weak')).toBe(false);
  });

  it('ends the Job of rejected credentials after one pod, with the reason on the timeline', async () => {
    await cluster.createDatabaseSecret('team-i', 'wrong-password', {
      database: 'postgres',
      password: 'not-the-password',
    });
    await create('team-i', 'rejected', onServer('wrong-password'));
    await failedAtOnce('team-i/rejected', 'DatabaseRejected');
    const events: ProjectEvent[] = (
      await env.api.get('/projects/team-i/rejected/events')
    ).body.items;
    expect(events.at(-1)).toMatchObject({
      phase: 'Failed',
      reason: 'DatabaseRejected',
    });
    expect(await databaseExists(cluster, 'supabase_team_i_rejected')).toBe(
      false,
    );
  });

  it('initializes the database a project is moved to, and restarts its components', async () => {
    await queryDatabase(cluster, 'CREATE DATABASE movable');
    await cluster.createDatabaseSecret('team-i', 'movable-db', {
      database: 'movable',
    });
    await create('team-i', 'mover', {
      database: { secretRef: 'movable-db', sslMode: 'disable' },
    });
    const before = await env.api.waitForSettled('team-i/mover');
    expect(before.database).toEqual({
      name: 'movable',
      createdByPlugin: false,
    });
    const k8s = await import('@kubernetes/client-node');
    const apps = cluster.kubeConfig.makeApiClient(k8s.AppsV1Api);
    const templateOf = async () =>
      (
        await apps.readNamespacedDeployment({
          namespace: 'team-i',
          name: 'mover-auth',
        })
      ).spec?.template.metadata?.annotations?.[
        'supabase.backstage.io/database-version'
      ];
    const versionBefore = await templateOf();
    expect(versionBefore).toMatch(/^[0-9a-f]{16}$/);

    await env.api
      .patch('/projects/team-i/mover', { spec: onServer() })
      .expect(200);
    const moved = await env.api.waitFor(
      'team-i/mover',
      p =>
        p?.phase === 'Running' &&
        p.observedGeneration === 2 &&
        p.database?.name === 'supabase_team_i_mover',
      150_000,
    );
    expect(moved!.database?.createdByPlugin).toBe(true);
    expect(await jwtSettingOf('supabase_team_i_mover')).toContain(
      await jwtSecretOf('team-i', 'mover'),
    );
    expect(await templateOf()).not.toBe(versionBefore);
    const [run] = await runsOf('team-i/mover');
    expect(run).toMatchObject({
      state: 'Succeeded',
      trigger: 'SettingsChanged',
    });
  });

  /** The timeline of a project being deleted, until it is gone. */
  async function eventsUntilGone(ref: string) {
    const seen: ProjectEvent[] = [];
    for (;;) {
      const res = await env.api.get(`/projects/${ref}/events`);
      if (res.status === 404) return seen;
      for (const event of res.body.items as ProjectEvent[]) {
        if (!seen.some(e => e.id === event.id)) seen.push(event);
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  it('deletes a project whose claim cannot be released, saying how to release it', async () => {
    await cluster.createDatabaseSecret('team-i', 'stuck-server', {
      database: 'postgres',
    });
    await create('team-i', 'stuck', onServer('stuck-server'));
    expect((await env.api.waitForSettled('team-i/stuck')).phase).toBe(
      'Running',
    );
    // The server refuses the login by the time the project is deleted.
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    await core.patchNamespacedSecret(
      {
        namespace: 'team-i',
        name: 'stuck-server',
        body: { stringData: { password: 'not-the-password' } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );

    await env.api.delete('/projects/team-i/stuck').expect(202);
    const kept = (await eventsUntilGone('team-i/stuck')).find(
      e => e.reason === 'DatabaseClaimKept',
    );
    expect(kept?.message).toContain(
      'The database "supabase_team_i_stuck" and its data were kept, but the project\'s claim on it could not be released',
    );
    expect(kept?.message).toContain('refused the connection');
    expect(kept?.message).toContain(
      'PROJECT_CLAIMANT=team-i/stuck RELEASE_CLAIM=true',
    );
    expect(await claimOf('supabase_team_i_stuck')).toMatchObject({
      claimant: 'team-i/stuck',
      released_at: null,
    });
  });

  it('keeps a deleted project database and data, releases it, and a project created again takes it up', async () => {
    await create('team-i', 'keep', onServer());
    expect((await env.api.waitForSettled('team-i/keep')).phase).toBe('Running');
    const database = 'supabase_team_i_keep';
    const orders = () =>
      queryDatabase(cluster, 'SELECT id FROM public.orders', admin(), database);
    await queryDatabase(
      cluster,
      'CREATE TABLE public.orders (id int); INSERT INTO public.orders VALUES (42)',
      admin(),
      database,
    );

    await env.api.delete('/projects/team-i/keep').expect(202);
    // The timeline says what happened to the database while the project
    // is still there to show it.
    const seen = await eventsUntilGone('team-i/keep');
    expect(seen.find(e => e.reason === 'DatabaseClaimReleased')?.message).toBe(
      `The database "${database}" and its data were kept; the project's claim on it was released, so another project may use it, and a project created again as team-i/keep takes it up again.`,
    );

    expect(await databaseExists(cluster, database)).toBe(true);
    expect(await orders()).toEqual([{ id: 42 }]);
    const released = await claimOf(database);
    expect(released?.claimant).toBe('team-i/keep');
    expect(released?.released_at).not.toBeNull();

    await create('team-i', 'keep', onServer());
    expect((await env.api.waitForSettled('team-i/keep')).phase).toBe('Running');
    expect(await claimOf(database)).toMatchObject({
      claimant: 'team-i/keep',
      released_at: null,
    });
    expect(await orders()).toEqual([{ id: 42 }]);
    const [run] = await runsOf('team-i/keep');
    const log = await env.api.get(
      `/projects/team-i/keep/db-init/runs/${run.id}/attempts/1/log`,
    );
    expect(log.text).toContain(
      `claim database=${database} claimant=team-i/keep result=reclaimed`,
    );
  });
});

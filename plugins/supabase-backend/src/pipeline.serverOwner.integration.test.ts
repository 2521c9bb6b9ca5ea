import {
  SHARED_BY_OWNERS_ANNOTATION,
  SHARED_SERVER_WARNING,
} from '@supabase-backstage/plugin-supabase-common';
import { databaseExists, queryDatabase } from './__testUtils__/queryDatabase';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

/**
 * A database server is a trust boundary: its roles, Studio and its admin
 * login reach every database on it. So a server holds the projects of one
 * owner, whichever namespace they live in, unless the platform marks its
 * Secret shared; then every owner's project runs there, and says what that
 * means (docs/decisions/0027).
 */
describe('one owner per database server', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    for (const namespace of ['team-oa', 'team-ob']) {
      await cluster.createNamespace(namespace);
      // The server's superuser, as two Secrets: one the platform shares.
      for (const name of ['server', 'shared-server']) {
        await cluster.createDatabaseSecret(namespace, name, {
          database: 'postgres',
        });
      }
      const shared = await core.readNamespacedSecret({
        namespace,
        name: 'shared-server',
      });
      shared.metadata!.annotations = { [SHARED_BY_OWNERS_ANNOTATION]: 'true' };
      await core.replaceNamespacedSecret({
        namespace,
        name: 'shared-server',
        body: shared,
      });
    }
    env = await startSupabaseBackend(cluster);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  async function create(
    ref: string,
    owner: string,
    serverSecretRef = 'server',
  ) {
    const [namespace, name] = ref.split('/');
    await env.api
      .post('/projects', {
        namespace,
        name,
        owner,
        spec: { database: { serverSecretRef, sslMode: 'disable' } },
      })
      .expect(201);
  }

  /** The server's owner record, as the db-init runs keep it. */
  async function serverOwner() {
    const [row] = await queryDatabase(
      cluster,
      `SELECT shobj_description(oid, 'pg_authid') AS record FROM pg_roles
        WHERE rolname = 'supabase_backstage_server'`,
    );
    return row?.record ? JSON.parse(row.record) : null;
  }

  /** What a run could change in a project's database and on the server. */
  async function stateOf(database: string) {
    const login = {
      user: cluster.postgres.user,
      password: cluster.postgres.password,
    };
    return {
      claim: await queryDatabase(
        cluster,
        'SELECT claimant, claimed_at, released_at FROM supabase_init.database_claim',
        login,
        database,
      ),
      applied: await queryDatabase(
        cluster,
        'SELECT file, checksum, applied_at FROM supabase_init.applied_files ORDER BY file',
        login,
        database,
      ),
      roles: await queryDatabase(
        cluster,
        `SELECT rolname, rolpassword, shobj_description(oid, 'pg_authid') AS comment
           FROM pg_authid ORDER BY rolname`,
      ),
      databases: await queryDatabase(
        cluster,
        'SELECT datname FROM pg_database ORDER BY datname',
      ),
    };
  }

  it("refuses another owner's project on a server, changing nothing, and takes the first owner's", async () => {
    await create('team-oa/alpha', TEAM_A);
    const alpha = await env.api.waitForSettled('team-oa/alpha');
    expect(alpha.phase).toBe('Running');
    expect(alpha.warnings ?? []).not.toContainEqual(
      expect.objectContaining({ code: SHARED_SERVER_WARNING }),
    );
    expect(await serverOwner()).toEqual({
      owner: TEAM_A,
      projects: ['team-oa/alpha'],
    });
    const before = await stateOf('supabase_team_oa_alpha');

    // Another team, in a namespace of its own, with a Secret for the same server.
    await create('team-ob/bravo', TEAM_B);
    const bravo = await env.api.waitForSettled('team-ob/bravo');
    expect(bravo.phase).toBe('Failed');
    expect(bravo.reason).toBe('ServerOwnedByAnotherOwner');
    // No retry could help: one pod, ended by the podFailurePolicy.
    expect(bravo.message).toContain('after 1 attempt');
    expect(bravo.message).toContain(`holds the projects of ${TEAM_A}`);
    expect(bravo.message).toContain('mark the server Secret shared');
    expect(await databaseExists(cluster, 'supabase_team_ob_bravo')).toBe(false);
    expect(await stateOf('supabase_team_oa_alpha')).toEqual(before);
    expect(await serverOwner()).toEqual({
      owner: TEAM_A,
      projects: ['team-oa/alpha'],
    });
    expect((await env.api.get('/projects/team-oa/alpha')).body.phase).toBe(
      'Running',
    );

    // The first owner's next project, from the other namespace: welcome.
    await create('team-ob/charlie', TEAM_A);
    expect((await env.api.waitForSettled('team-ob/charlie')).phase).toBe(
      'Running',
    );
    expect(await databaseExists(cluster, 'supabase_team_ob_charlie')).toBe(
      true,
    );
    expect(await serverOwner()).toEqual({
      owner: TEAM_A,
      projects: ['team-oa/alpha', 'team-ob/charlie'],
    });
  });

  it("frees the server when the owner's last project there is deleted: the other owner's Retry then runs", async () => {
    await env.api.delete('/projects/team-oa/alpha').expect(202);
    await env.api.waitFor('team-oa/alpha', p => p === undefined, 150_000);
    // Another of team A's projects is still there: the server stays A's.
    expect(await serverOwner()).toEqual({
      owner: TEAM_A,
      projects: ['team-ob/charlie'],
    });
    await env.api.delete('/projects/team-ob/charlie').expect(202);
    await env.api.waitFor('team-ob/charlie', p => p === undefined, 150_000);
    expect(await serverOwner()).toBeNull();

    await env.api.post('/projects/team-ob/bravo/retry').expect(202);
    expect((await env.api.waitForSettled('team-ob/bravo')).phase).toBe(
      'Running',
    );
    expect(await serverOwner()).toEqual({
      owner: TEAM_B,
      projects: ['team-ob/bravo'],
    });
  });

  it('runs every owner’s project on a server the platform shares, each warning what that means', async () => {
    // Team B's last project on the server goes: the server is free.
    await env.api.delete('/projects/team-ob/bravo').expect(202);
    await env.api.waitFor('team-ob/bravo', p => p === undefined, 150_000);
    expect(await serverOwner()).toBeNull();

    await create('team-oa/delta', TEAM_A, 'shared-server');
    await create('team-ob/echo', TEAM_B, 'shared-server');
    for (const ref of ['team-oa/delta', 'team-ob/echo']) {
      const project = await env.api.waitForSettled(ref);
      expect([ref, project.phase]).toEqual([ref, 'Running']);
      const warning = (project.warnings ?? []).find(
        (w: { code: string }) => w.code === SHARED_SERVER_WARNING,
      );
      expect(warning?.message).toMatch(
        /^The platform shares PostgreSQL at .* between owners: .*Studio .* reach every project's database on it.*Only the platform team reveals the connection string and Studio's credentials here/,
      );
    }
    // The server is recorded shared, and owned by no one.
    const record = await serverOwner();
    expect(record).toEqual({ shared: true, projects: expect.any(Array) });
    expect([...record.projects].sort()).toEqual([
      'team-oa/delta',
      'team-ob/echo',
    ]);
  });

  it("refuses a project through an unmarked Secret of a shared server, whose admin login would reach the shared projects' databases, changing nothing", async () => {
    const before = await stateOf('supabase_team_ob_echo');
    const record = await serverOwner();

    await create('team-oa/foxtrot', TEAM_A);
    const foxtrot = await env.api.waitForSettled('team-oa/foxtrot');
    expect(foxtrot.phase).toBe('Failed');
    expect(foxtrot.reason).toBe('ServerSharedUnmarkedSecret');
    expect(foxtrot.message).toContain('after 1 attempt');
    expect(foxtrot.message).toContain('is shared between owners');
    expect(foxtrot.message).toContain('mark this Secret shared too');
    expect(await databaseExists(cluster, 'supabase_team_oa_foxtrot')).toBe(
      false,
    );
    expect(await stateOf('supabase_team_ob_echo')).toEqual(before);
    expect(await serverOwner()).toEqual(record);
    expect((await env.api.get('/projects/team-ob/echo')).body.phase).toBe(
      'Running',
    );
  });
});

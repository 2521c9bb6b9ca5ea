import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import {
  HOSTILE,
  SERVER_MAJORS,
  Login,
  createAdminLogin,
  createLogin,
  query,
  results,
  runMigrations,
  snapshot,
} from './__testUtils__/runMigrations';

// Real psql runs against a real server on a busy machine.
jest.setTimeout(300_000);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

let server: LocalPostgres;

/** A run of `claimant` (owned by `owner`) that creates `database` on the server. */
function create(
  login: Login,
  database: string,
  claimant: string,
  owner: string,
  env: Record<string, string> = {},
) {
  return runMigrations(server, 'postgres', {
    login,
    env: {
      CREATE_DATABASE: database,
      PROJECT_CLAIMANT: claimant,
      PROJECT_OWNER: owner,
      JWT_SECRET: `jwt-secret-of-${claimant}-0123456789abcdef`,
      ROLES_VERSION: 'v1',
      ROLES_CLAIMANT: claimant,
      ...env,
    },
  });
}

/** The release Job's run for `claimant`. */
function release(login: Login, database: string, claimant: string) {
  return runMigrations(server, 'postgres', {
    login,
    env: {
      CREATE_DATABASE: database,
      PROJECT_CLAIMANT: claimant,
      RELEASE_CLAIM: 'true',
    },
  });
}

async function databases(): Promise<string[]> {
  return (
    await query(
      server,
      'postgres',
      'SELECT datname FROM pg_database ORDER BY 1',
    )
  ).map(r => r.datname);
}

/** The server's owner record, as the runner keeps it. */
async function ownerRecord(): Promise<unknown> {
  const [row] = await query(
    server,
    'postgres',
    `SELECT shobj_description(oid, 'pg_authid') AS record FROM pg_roles
      WHERE rolname = 'supabase_backstage_server'`,
  );
  return row?.record ? JSON.parse(row.record) : null;
}

describe.each(SERVER_MAJORS)('on PostgreSQL %i', major => {
  describe.each([
    ['the superuser', 'su', async (): Promise<Login> => server],
    [
      'an admin login that is no superuser',
      'adm',
      () => createAdminLogin(server),
    ],
  ])('as %s', (_, prefix, makeLogin) => {
    let login: Login;
    // A server of its own: the roles belong to the login that made them.
    beforeAll(async () => {
      server = await startLocalPostgres({ major, password: HOSTILE });
      login = await makeLogin();
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('keeps a server for the projects of one owner, changing nothing for another, until the last project is released', async () => {
      const first = await create(login, `${prefix}_first`, 'a/first', TEAM_A);
      expect(first.code).toBe(0);
      expect(first.output).toContain(
        `supabase-init: server owner=${TEAM_A} claimant=a/first result=claimed`,
      );
      expect(await ownerRecord()).toEqual({
        owner: TEAM_A,
        projects: ['a/first'],
      });

      const before = await snapshot(server, `${prefix}_first`);
      const refused = await create(
        login,
        `${prefix}_second`,
        'b/second',
        TEAM_B,
      );
      expect(refused.code).toBe(3);
      expect(refused.output).toMatch(
        new RegExp(
          `^supabase-init: error=server-owned owner=${TEAM_A} message=PostgreSQL at .* holds the projects of ${TEAM_A}.*nothing was changed.*mark the server Secret shared`,
          'm',
        ),
      );
      expect(results(refused.output)).toEqual([]);
      expect(await databases()).not.toContain(`${prefix}_second`);
      expect(await snapshot(server, `${prefix}_first`)).toBe(before);
      expect(await ownerRecord()).toEqual({
        owner: TEAM_A,
        projects: ['a/first'],
      });

      const third = await create(login, `${prefix}_third`, 'a/third', TEAM_A);
      expect(third.code).toBe(0);
      expect(third.output).toContain('claimant=a/third result=joined');
      const again = await create(login, `${prefix}_first`, 'a/first', TEAM_A);
      expect(again.code).toBe(0);
      expect(again.output).toContain('claimant=a/first result=held');

      // One of two projects changes owner: the server stays team A's.
      const moved = await create(login, `${prefix}_third`, 'a/third', TEAM_B);
      expect(moved.code).toBe(3);
      expect(moved.output).toContain(`error=server-owned owner=${TEAM_A}`);

      // Released one by one: the last one leaves the server without an owner.
      const firstGone = await release(login, `${prefix}_first`, 'a/first');
      expect(firstGone.code).toBe(0);
      expect(firstGone.output).toContain(
        `supabase-init: server owner=${TEAM_A} claimant=a/first result=released`,
      );
      expect(await ownerRecord()).toEqual({
        owner: TEAM_A,
        projects: ['a/third'],
      });
      // The only project left changes owner: the server follows it.
      const follows = await create(login, `${prefix}_third`, 'a/third', TEAM_B);
      expect(follows.code).toBe(0);
      expect(follows.output).toContain('claimant=a/third result=moved');
      const thirdGone = await release(login, `${prefix}_third`, 'a/third');
      expect(thirdGone.output).toContain('claimant=a/third result=freed');
      expect(await ownerRecord()).toBeNull();

      const now = await create(login, `${prefix}_second`, 'b/second', TEAM_A);
      expect(now.code).toBe(0);
      expect(now.output).toContain('result=claimed');
      expect(await databases()).toContain(`${prefix}_second`);
      expect((await release(login, `${prefix}_second`, 'b/second')).code).toBe(
        0,
      );
    });

    it('checks no owner on a server the platform shares, and says what sharing means', async () => {
      const a = await create(login, `${prefix}_shared_a`, 'a/shared', TEAM_A);
      expect(a.code).toBe(0);
      for (const shared of [
        create(login, `${prefix}_shared_b`, 'b/shared', TEAM_B, {
          SERVER_SHARED: 'true',
        }),
        create(login, `${prefix}_shared_a`, 'a/shared', TEAM_A, {
          SERVER_SHARED: 'true',
        }),
      ]) {
        const run = await shared;
        expect(run.code).toBe(0);
        expect(run.output).not.toContain('supabase-init: server owner=');
        expect(run.output).toMatch(
          /^supabase-init: warning=shared_server message=The platform shares PostgreSQL at .* between owners: .*reach every project's database/m,
        );
      }
      expect(await databases()).toContain(`${prefix}_shared_b`);
      // Sharing records nothing: the record is team A's as before.
      expect(await ownerRecord()).toEqual({
        owner: TEAM_A,
        projects: ['a/shared'],
      });
      expect(a.output).not.toContain('warning=shared_server');
      await release(login, `${prefix}_shared_a`, 'a/shared');
    });
  });

  it('says first what a login may not do, and records no owner for it', async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
    try {
      const weak = await createLogin(server, 'weak_admin', '');
      const run = await create(weak, 'weak_db', 'a/weak', TEAM_A);
      expect(run.code).toBe(3);
      expect(run.output).toContain('error=no-createdb');
      expect(await ownerRecord()).toBeNull();
    } finally {
      await server.stop();
    }
  });

  it('refuses an owner that is no entity ref, or one without a project', async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
    for (const [env, message] of [
      [
        { PROJECT_CLAIMANT: 'a/x', PROJECT_OWNER: "group:default/x'; --" },
        'PROJECT_OWNER must be an entity ref',
      ],
      [{ PROJECT_OWNER: TEAM_A }, 'PROJECT_OWNER needs PROJECT_CLAIMANT'],
      [
        { PROJECT_CLAIMANT: 'a/x', SERVER_SHARED: 'yes' },
        'SERVER_SHARED must be true or false',
      ],
    ] as const) {
      const run = await runMigrations(server, 'postgres', { env });
      expect(run.code).toBe(3);
      expect(run.output).toContain(`error=settings message=${message}`);
    }
    await server.stop();
  });
});

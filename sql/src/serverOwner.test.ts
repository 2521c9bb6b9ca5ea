import fs from 'node:fs';
import path from 'node:path';
import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import {
  HOSTILE,
  SQL_DIR,
  SERVER_MAJORS,
  Login,
  Run,
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

/** The SQL block of sql/README.md that follows the paragraph starting `start`. */
function readmeSql(start: string): string {
  const readme = fs.readFileSync(path.join(SQL_DIR, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf(start));
  return /```sql\n([\s\S]*?)```/.exec(after)![1];
}

/**
 * Runs `attempt`, which the server's record must refuse with the error line
 * `line`, and checks that it changed nothing: no file run, no database
 * made, the record and the database `kept` (another project's) as they were.
 */
async function expectRefused(
  attempt: () => Promise<Run>,
  line: RegExp,
  kept: string,
): Promise<void> {
  const before = {
    databases: await databases(),
    record: await ownerRecord(),
    kept: await snapshot(server, kept),
  };
  const run = await attempt();
  expect(run.code).toBe(3);
  expect(run.output).toMatch(line);
  expect(run.output).not.toMatch(/^supabase-init: server /m);
  expect(results(run.output)).toEqual([]);
  expect({
    databases: await databases(),
    record: await ownerRecord(),
    kept: await snapshot(server, kept),
  }).toEqual(before);
}

const SUPERUSER = {
  who: 'the superuser',
  prefix: 'su',
  login: async (): Promise<Login> => server,
};
const ADMIN = {
  who: 'an admin login that is no superuser',
  prefix: 'adm',
  login: () => createAdminLogin(server),
};

// The admin login on every major: PostgreSQL 16 changed what CREATEROLE
// grants, and the record's role is one the login makes. The superuser's
// path is the same on every major: the newest one.
describe.each([
  [SERVER_MAJORS[0], ADMIN],
  [SERVER_MAJORS[SERVER_MAJORS.length - 1], ADMIN],
  [SERVER_MAJORS[SERVER_MAJORS.length - 1], SUPERUSER],
])('on PostgreSQL %i', (major, { who, prefix, login: makeLogin }) => {
  describe(`as ${who}`, () => {
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

      await expectRefused(
        () => create(login, `${prefix}_second`, 'b/second', TEAM_B),
        new RegExp(
          `^supabase-init: error=server-owned owner=${TEAM_A} message=PostgreSQL at .* holds the projects of ${TEAM_A}.*nothing was changed.*mark the server Secret shared`,
          'm',
        ),
        `${prefix}_first`,
      );

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

    /** A run through a Secret the platform marks shared. */
    function createShared(database: string, claimant: string, owner: string) {
      return create(login, database, claimant, owner, {
        SERVER_SHARED: 'true',
      });
    }

    it('refuses a project through an unmarked Secret on a server that shared projects use, changing nothing, and follows the one project left', async () => {
      // Team B's project comes first, through a Secret marked shared.
      const bob = await createShared(`${prefix}_shared_bob`, 'b/bob', TEAM_B);
      expect(bob.code).toBe(0);
      expect(bob.output).toContain(
        'supabase-init: server shared claimant=b/bob result=claimed',
      );
      expect(bob.output).toMatch(
        /^supabase-init: warning=shared_server message=The platform shares PostgreSQL at .* between owners: .*reach every project's database/m,
      );
      expect(await ownerRecord()).toEqual({
        shared: true,
        projects: ['b/bob'],
      });

      // Team A, through a Secret of the same server without the mark: its
      // admin login would reach team B's database.
      await expectRefused(
        () => create(login, `${prefix}_unmarked_alice`, 'a/alice', TEAM_A),
        /^supabase-init: error=server-shared message=PostgreSQL at .* is shared between owners \(another Secret of it carries the mark .*nothing was changed. Ask the platform team to mark this Secret shared too/m,
        `${prefix}_shared_bob`,
      );
      // Not even team B's own project, through an unmarked Secret, while
      // another project shares the server.
      const other = await createShared(
        `${prefix}_shared_carol`,
        'c/carol',
        TEAM_A,
      );
      expect(other.output).toContain('claimant=c/carol result=joined');
      const shared = { shared: true, projects: ['b/bob', 'c/carol'] };
      expect(await ownerRecord()).toEqual(shared);
      await expectRefused(
        () => create(login, `${prefix}_shared_bob`, 'b/bob', TEAM_B),
        /^supabase-init: error=server-shared /m,
        `${prefix}_shared_bob`,
      );

      // Released, in shared mode; the one project left, now through an
      // unmarked Secret, takes the server as its owner's.
      const carolGone = await release(
        login,
        `${prefix}_shared_carol`,
        'c/carol',
      );
      expect(carolGone.output).toContain(
        'supabase-init: server shared claimant=c/carol result=released',
      );
      const owned = await create(
        login,
        `${prefix}_shared_bob`,
        'b/bob',
        TEAM_B,
      );
      expect(owned.code).toBe(0);
      expect(owned.output).toContain(
        `supabase-init: server owner=${TEAM_B} claimant=b/bob result=owned`,
      );
      expect(await ownerRecord()).toEqual({
        owner: TEAM_B,
        projects: ['b/bob'],
      });
      const gone = await release(login, `${prefix}_shared_bob`, 'b/bob');
      expect(gone.output).toContain(
        `supabase-init: server owner=${TEAM_B} claimant=b/bob result=freed`,
      );
      expect(await ownerRecord()).toBeNull();
    });

    it('refuses a project through a marked Secret on a server whose projects came through unmarked ones, and shares a server whose one project is marked', async () => {
      const alice = await create(login, `${prefix}_alice`, 'a/alice', TEAM_A);
      expect(alice.code).toBe(0);
      expect(alice.output).toContain('claimant=a/alice result=claimed');
      const aliceOther = await create(
        login,
        `${prefix}_alice2`,
        'a/alice2',
        TEAM_A,
      );
      expect(aliceOther.output).toContain('claimant=a/alice2 result=joined');
      const owned = { owner: TEAM_A, projects: ['a/alice', 'a/alice2'] };

      // Team B, through a marked Secret: team A may reveal the admin login
      // of its unmarked Secret, which would reach team B's database.
      await expectRefused(
        () => createShared(`${prefix}_bob`, 'b/bob', TEAM_B),
        new RegExp(
          `^supabase-init: error=server-owned owner=${TEAM_A} message=PostgreSQL at .* holds the projects of ${TEAM_A} through Secrets not marked shared.*nothing was changed. A platform marks every Secret of a server shared or none`,
          'm',
        ),
        `${prefix}_alice`,
      );
      expect(await ownerRecord()).toEqual(owned);
      // Nor does a marked Secret of team A's own share a server that holds
      // other projects of team A's through unmarked ones.
      await expectRefused(
        () => createShared(`${prefix}_alice`, 'a/alice', TEAM_A),
        new RegExp(`^supabase-init: error=server-owned owner=${TEAM_A} `, 'm'),
        `${prefix}_alice`,
      );

      // The one project left now comes through a marked Secret: shared.
      expect((await release(login, `${prefix}_alice2`, 'a/alice2')).code).toBe(
        0,
      );
      const converted = await createShared(
        `${prefix}_alice`,
        'a/alice',
        TEAM_A,
      );
      expect(converted.code).toBe(0);
      expect(converted.output).toContain(
        'supabase-init: server shared claimant=a/alice result=shared',
      );
      expect(await ownerRecord()).toEqual({
        shared: true,
        projects: ['a/alice'],
      });
      const bobNow = await createShared(`${prefix}_bob`, 'b/bob', TEAM_B);
      expect(bobNow.code).toBe(0);
      expect(bobNow.output).toContain('claimant=b/bob result=joined');
      expect(
        (await createShared(`${prefix}_bob`, 'b/bob', TEAM_B)).output,
      ).toContain('claimant=b/bob result=held');
      expect(await databases()).toContain(`${prefix}_bob`);
      expect(await ownerRecord()).toEqual({
        shared: true,
        projects: ['a/alice', 'b/bob'],
      });

      // Released one by one, in shared mode too.
      const aliceGone = await release(login, `${prefix}_alice`, 'a/alice');
      expect(aliceGone.output).toContain(
        'supabase-init: server shared claimant=a/alice result=released',
      );
      expect(await ownerRecord()).toEqual({
        shared: true,
        projects: ['b/bob'],
      });
      const bobGone = await release(login, `${prefix}_bob`, 'b/bob');
      expect(bobGone.output).toContain(
        'supabase-init: server shared claimant=b/bob result=freed',
      );
      expect(await ownerRecord()).toBeNull();
      expect(alice.output).not.toContain('warning=shared_server');

      // A server of several projects, shared by hand as sql/README.md says
      // once every Secret of it carries the mark.
      await create(login, `${prefix}_alice`, 'a/alice', TEAM_A);
      await create(login, `${prefix}_alice2`, 'a/alice2', TEAM_A);
      await query(
        server,
        'postgres',
        readmeSql('To share an owned server'),
        login,
      );
      expect(await ownerRecord()).toEqual({
        shared: true,
        projects: ['a/alice', 'a/alice2'],
      });
      expect(
        (await createShared(`${prefix}_alice`, 'a/alice', TEAM_A)).output,
      ).toContain('claimant=a/alice result=held');
      expect(
        (await createShared(`${prefix}_bob`, 'b/bob', TEAM_B)).output,
      ).toContain('claimant=b/bob result=joined');
      for (const [database, claimant] of [
        [`${prefix}_alice`, 'a/alice'],
        [`${prefix}_alice2`, 'a/alice2'],
        [`${prefix}_bob`, 'b/bob'],
      ]) {
        expect((await release(login, database, claimant)).code).toBe(0);
      }
      expect(await ownerRecord()).toBeNull();
    });
  });
});

describe.each(SERVER_MAJORS)('on PostgreSQL %i, before any record', major => {
  beforeAll(async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('says first what a login may not do, and records no owner for it', async () => {
    const weak = await createLogin(server, 'weak_admin', '');
    const run = await create(weak, 'weak_db', 'a/weak', TEAM_A);
    expect(run.code).toBe(3);
    expect(run.output).toContain('error=no-createdb');
    expect(await ownerRecord()).toBeNull();
  });

  it('refuses an owner that is no entity ref, or one without a project', async () => {
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
    expect(await ownerRecord()).toBeNull();
  });
});

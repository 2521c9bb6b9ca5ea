import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import { loadSqlSet } from './loadSqlSet';
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

let server: LocalPostgres;
/** The server Secret's login: no superuser, as on a managed server. */
let admin: Login;

/** A run for `claimant` that creates (or finds) `database` on the server. */
function create(
  database: string,
  claimant: string,
  options: { login?: Login; env?: Record<string, string> } = {},
) {
  return runMigrations(server, 'postgres', {
    login: options.login ?? admin,
    env: {
      CREATE_DATABASE: database,
      PROJECT_CLAIMANT: claimant,
      JWT_SECRET: `jwt-secret-of-${claimant}-0123456789abcdef`,
      ROLES_VERSION: 'v1',
      ROLES_CLAIMANT: claimant,
      ...options.env,
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

async function roles(): Promise<string[]> {
  return (
    await query(server, 'postgres', 'SELECT rolname FROM pg_roles ORDER BY 1')
  ).map(r => r.rolname);
}

describe.each(SERVER_MAJORS)('on PostgreSQL %i', major => {
  beforeAll(async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
    admin = await createAdminLogin(server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('CREATE_DATABASE', () => {
    it('creates each project its own database with a login that is no superuser, initializes it, and finds it again', async () => {
      const files = loadSqlSet().files.map(f => f.name);
      for (const [database, claimant] of [
        ['team_a_one', 'team-a/one'],
        ['team_a_two', 'team-a/two'],
      ]) {
        const run = await create(database, claimant);
        expect(run.code).toBe(0);
        expect(run.output).toContain(
          `supabase-init: database=${database} created=true`,
        );
        expect(run.output).toContain(
          `supabase-init: claim database=${database} claimant=${claimant} result=claimed`,
        );
        expect(results(run.output)).toEqual(
          files.map(file => ({ file, result: 'applied', errors: 0 })),
        );
        // What only a superuser could give the roles, said on every run.
        expect(run.output).toMatch(
          /^supabase-init: warning=role_attributes message=Roles lack attributes only a superuser can grant: .*service_role \(BYPASSRLS\)/m,
        );

        const [owner] = await query(
          server,
          database,
          `SELECT pg_get_userbyid(datdba) AS owner,
                (SELECT claimant FROM supabase_init.database_claim) AS claimant,
                (SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = d.oid AND setrole = 0) AS settings
           FROM pg_database d WHERE datname = current_database()`,
        );
        expect(owner).toEqual({
          owner: 'platform_admin',
          claimant,
          settings: expect.arrayContaining([
            `app.settings.jwt_secret=jwt-secret-of-${claimant}-0123456789abcdef`,
          ]),
        });
      }

      const again = await create('team_a_one', 'team-a/one');
      expect(again.code).toBe(0);
      expect(again.output).toContain(
        'supabase-init: database=team_a_one created=false',
      );
      expect(again.output).toContain('claimant=team-a/one result=held');
      expect(results(again.output).every(r => r.result === 'skipped')).toBe(
        true,
      );

      // Another project whose name leads to the same database.
      const collision = await create('team_a_one', 'team-b/one');
      expect(collision.code).toBe(3);
      expect(collision.output).toContain(
        'error=database-claimed claimant=team-a/one',
      );
    });

    it('refuses a login that may not create databases and roles, and creates neither', async () => {
      const before = { databases: await databases(), roles: await roles() };
      for (const [user, attributes] of [
        ['only_createrole', 'CREATEROLE'],
        ['only_createdb', 'CREATEDB'],
      ]) {
        const login = await createLogin(server, user, attributes);
        const run = await create('team_c_one', 'team-c/one', { login });
        expect(run.code).toBe(3);
        expect(run.output).toMatch(
          new RegExp(
            `^supabase-init: error=no-createdb message=User ${user} on .* may not create databases and roles \\(it needs CREATEDB and CREATEROLE, or superuser\\)`,
            'm',
          ),
        );
        expect(results(run.output)).toEqual([]);
      }
      expect(await databases()).toEqual(before.databases);
      expect(await roles()).toEqual(
        [...before.roles, 'only_createdb', 'only_createrole'].sort(),
      );
    });

    it('refuses, before creating anything, a login that cannot finish the set', async () => {
      const before = { databases: await databases(), roles: await roles() };
      const login = await createLogin(
        server,
        'cannot_set_jwt',
        'CREATEDB CREATEROLE',
      );
      const run = await create('team_d_one', 'team-d/one', { login });
      expect(run.code).toBe(3);
      expect(run.output).toMatch(
        /^supabase-init: error=privileges message=User cannot_set_jwt is not a superuser and lacks what the SQL set needs .* GRANT SET ON PARAMETER "app.settings.jwt_secret", "app.settings.jwt_exp" TO cannot_set_jwt\);/m,
      );
      expect(await databases()).toEqual(before.databases);
      expect(await roles()).toEqual([...before.roles, 'cannot_set_jwt'].sort());
    });

    it('leaves an existing database that no project claimed alone', async () => {
      const db = 'team_e_one';
      await query(
        server,
        'postgres',
        `CREATE DATABASE ${db} OWNER platform_admin`,
      );
      await query(
        server,
        db,
        `CREATE TABLE public.notes (id int PRIMARY KEY, text text);
       INSERT INTO public.notes VALUES (1, 'someone else''s')`,
      );
      // Initialized by hand, with no project's claim.
      expect(
        (
          await runMigrations(server, db, {
            login: admin,
            env: { JWT_SECRET: 'x'.repeat(40) },
          })
        ).code,
      ).toBe(0);
      const rows = ['SELECT * FROM public.notes'];
      const before = await snapshot(server, db, rows);
      const run = await create(db, 'team-e/one');
      expect(run.code).toBe(3);
      expect(run.output).toMatch(
        /^supabase-init: error=database-exists message=Database team_e_one already exists on .* and was not created for a project; nothing was changed\./m,
      );
      expect(await snapshot(server, db, rows)).toBe(before);
    });

    it('finishes a database that a run created and was cut off before claiming, for that project only', async () => {
      // What a run leaves when it is killed right after CREATE DATABASE.
      await query(
        server,
        'postgres',
        `CREATE DATABASE team_f_one OWNER platform_admin`,
      );
      await query(
        server,
        'postgres',
        `COMMENT ON DATABASE team_f_one IS 'supabase-backstage database created-for=team-f/one'`,
      );
      const other = await create('team_f_one', 'team-g/one');
      expect(other.code).toBe(3);
      expect(other.output).toContain(
        'error=database-claimed claimant=team-f/one',
      );
      const own = await create('team_f_one', 'team-f/one');
      expect(own.code).toBe(0);
      expect(own.output).toContain('database=team_f_one created=false');
      expect(own.output).toContain('claimant=team-f/one result=claimed');
    });

    it('releases the claim on the database it names, and never creates it', async () => {
      expect((await create('team_h_one', 'team-h/one')).code).toBe(0);
      const release = (database: string) =>
        create(database, 'team-h/one', { env: { RELEASE_CLAIM: 'true' } });

      const released = await release('team_h_one');
      expect(released.code).toBe(0);
      expect(released.output).toMatch(
        /^supabase-init: released database=team_h_one claimant=team-h\/one$/m,
      );
      const missing = await release('team_h_never');
      expect(missing.code).toBe(0);
      expect(missing.output).toContain(
        'released database=team_h_never claimant=team-h/one result=none',
      );
      expect(await databases()).not.toContain('team_h_never');

      const next = await create('team_h_one', 'team-i/one');
      expect(next.code).toBe(0);
      expect(next.output).toContain('claimant=team-i/one result=reclaimed');
    });

    it('refuses names it would not create, before connecting', async () => {
      for (const name of ['Team-A', '_supabase', 'postgres', 'x'.repeat(64)]) {
        const run = await create(name, 'team-j/one');
        expect(run.code).toBe(3);
        expect(run.output).toContain('supabase-init: error=settings');
      }
    });
  });
});

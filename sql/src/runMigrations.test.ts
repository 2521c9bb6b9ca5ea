import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import { loadSqlSet } from './loadSqlSet';
import {
  HOSTILE,
  SERVER_MAJORS,
  JWT_SECRET,
  copySet,
  query as queryOn,
  results,
  runMigrations as runOn,
} from './__testUtils__/runMigrations';
import { tempDir } from './__testUtils__/tempDir';

// Real psql runs against a real server on a busy machine.
jest.setTimeout(300_000);

let server: LocalPostgres;

function runMigrations(
  database: string,
  options: { dir?: string; env?: Record<string, string> } = {},
) {
  return runOn(server, database, options);
}

function query<T = any>(database: string, sql: string, user?: string) {
  return queryOn<T>(server, database, sql, {
    user: user ?? server.user,
    password: server.password,
  });
}

describe.each(SERVER_MAJORS)('on PostgreSQL %i', major => {
  beforeAll(async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('run-migrations.sh on a plain server', () => {
    it('applies the whole set in strict mode with zero errors, and everything promised exists', async () => {
      const db = await server.createDatabase('strict_db');
      const run = await runMigrations(db, { env: { STRICT: 'true' } });
      expect(run.code).toBe(0);
      const files = loadSqlSet().files.map(f => f.name);
      expect(results(run.output)).toEqual(
        files.map(file => ({ file, result: 'applied', errors: 0 })),
      );
      expect(run.output).toContain(
        `supabase-init: summary applied=${files.length} skipped=0 failed=0 errors=0`,
      );

      const roles = await query(db, `SELECT rolname FROM pg_roles`);
      for (const role of [
        'anon',
        'authenticated',
        'service_role',
        'authenticator',
        'supabase_admin',
        'supabase_auth_admin',
        'supabase_storage_admin',
        'supabase_functions_admin',
        'supabase_realtime_admin',
        'pgbouncer',
        'dashboard_user',
      ]) {
        expect(roles.map(r => r.rolname)).toContain(role);
      }
      const schemas = (await query(db, `SELECT nspname FROM pg_namespace`)).map(
        r => r.nspname,
      );
      for (const schema of [
        'auth',
        'storage',
        'extensions',
        'realtime',
        '_realtime',
        'graphql_public',
        'supabase_functions',
        'supabase_init',
      ]) {
        expect(schemas).toContain(schema);
      }
      const supabaseSchemas = (
        await query('_supabase', `SELECT nspname FROM pg_namespace`)
      ).map(r => r.nspname);
      expect(supabaseSchemas).toEqual(
        expect.arrayContaining(['_analytics', '_supavisor']),
      );

      const settings = await query(
        db,
        `SELECT unnest(setconfig) AS setting FROM pg_db_role_setting s
         JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()`,
      );
      expect(settings.map(s => s.setting)).toEqual(
        expect.arrayContaining([
          `app.settings.jwt_secret=${JWT_SECRET}`,
          'app.settings.jwt_exp=3600',
        ]),
      );
      const tables = await query(
        db,
        `SELECT to_regclass('supabase_functions.hooks') AS hooks,
              to_regprocedure('supabase_functions.http_request()') AS fn`,
      );
      expect(tables[0]).toEqual({
        hooks: 'supabase_functions.hooks',
        fn: 'supabase_functions.http_request()',
      });
    });

    it('lets the service roles log in with the password', async () => {
      const db = await server.createDatabase('login_db');
      expect((await runMigrations(db)).code).toBe(0);
      for (const role of [
        'authenticator',
        'supabase_auth_admin',
        'supabase_storage_admin',
        'supabase_admin',
        'supabase_functions_admin',
        'pgbouncer',
      ]) {
        const [row] = await query(db, 'SELECT current_user AS me', role);
        expect(row.me).toBe(role);
      }
    });

    it('never prints a password, and reports what a plain server lacks as warnings', async () => {
      const db = await server.createDatabase('quiet_db');
      const run = await runMigrations(db);
      expect(run.code).toBe(0);
      expect(run.output).not.toContain(HOSTILE);
      expect(run.output).not.toContain(JWT_SECRET);
      expect(run.output).toMatch(
        /supabase-init: warning=wal_level message=.*wal_level = logical/,
      );
      expect(run.output).toMatch(/supabase-init: warning=pg_net message=/);
      expect(run.output).not.toContain('warning=server_major');
    });

    it('warns, on every run, when the server runs another major than the project declares', async () => {
      const db = await server.createDatabase('major_db');
      const declared = major === 15 ? '17' : '15';
      const matching = await runMigrations(db, {
        env: { DECLARED_MAJOR: String(major) },
      });
      expect(matching.code).toBe(0);
      expect(matching.output).not.toContain('warning=server_major');
      const other = await runMigrations(db, {
        env: { DECLARED_MAJOR: declared },
      });
      expect(other.code).toBe(0);
      expect(other.output).toContain(
        `supabase-init: warning=server_major message=The server runs PostgreSQL ${major} but the project says ${declared}, so the Job runs the psql of ${declared}; set spec.database.majorVersion to ${major}`,
      );
    });

    it('masks the password even in the errors of a failing file', async () => {
      const db = await server.createDatabase('leak_db');
      const dir = copySet(d =>
        fs.writeFileSync(
          path.join(d, '99-leak.sql'),
          `\\getenv pgpass POSTGRES_PASSWORD\nSELECT :'pgpass'::int;\nSELECT :'pgpass';\n`,
        ),
      );
      const run = await runMigrations(db, { dir });
      expect(run.code).not.toBe(0);
      expect(results(run.output)).toContainEqual({
        file: '99-leak.sql',
        result: 'failed',
        errors: 1,
      });
      expect(run.output).not.toContain(HOSTILE);
      expect(run.output).toContain('[masked]');
    });

    it('skips everything on a second run and re-applies only a changed file', async () => {
      const db = await server.createDatabase('again_db');
      const dir = copySet();
      expect((await runMigrations(db, { dir })).code).toBe(0);

      const second = await runMigrations(db, { dir });
      expect(second.code).toBe(0);
      expect(results(second.output).every(r => r.result === 'skipped')).toBe(
        true,
      );
      expect(results(second.output)).toHaveLength(loadSqlSet().files.length);

      const changed = copySet(d => {
        fs.appendFileSync(
          path.join(d, '05-realtime.sql'),
          '\nCOMMENT ON SCHEMA _realtime IS $$Realtime tenants$$;\n',
        );
      });
      const third = await runMigrations(db, { dir: changed });
      expect(third.code).toBe(0);
      expect(results(third.output).filter(r => r.result === 'applied')).toEqual(
        [{ file: '05-realtime.sql', result: 'applied', errors: 0 }],
      );
      const [comment] = await query(
        db,
        `SELECT obj_description('_realtime'::regnamespace) AS text`,
      );
      expect(comment.text).toBe('Realtime tenants');
    });

    it('records what it applied with the checksums the loader computes', async () => {
      const db = await server.createDatabase('track_db');
      expect((await runMigrations(db)).code).toBe(0);
      const rows = await query(
        db,
        `SELECT file, checksum, result FROM supabase_init.applied_files ORDER BY file`,
      );
      expect(rows).toEqual(
        loadSqlSet()
          .files.map(f => ({
            file: f.name,
            checksum: f.checksum,
            result: 'applied',
          }))
          .sort((a, b) => a.file.localeCompare(b.file)),
      );
    });

    it('runs custom SQL after the set and tracks it the same way', async () => {
      const db = await server.createDatabase('custom_db');
      const custom = tempDir('custom-sql-');
      fs.writeFileSync(
        path.join(custom, 'todos.sql'),
        'CREATE TABLE IF NOT EXISTS public.todos (id serial PRIMARY KEY, title text);\n',
      );
      const run = await runMigrations(db, { env: { CUSTOM_SQL_DIR: custom } });
      expect(run.code).toBe(0);
      const lines = results(run.output);
      expect(lines[lines.length - 1]).toEqual({
        file: 'custom/todos.sql',
        result: 'applied',
        errors: 0,
      });
      const again = await runMigrations(db, {
        env: { CUSTOM_SQL_DIR: custom },
      });
      expect(results(again.output).pop()).toMatchObject({ result: 'skipped' });
      expect(
        await query(db, `SELECT to_regclass('public.todos') AS t`),
      ).toEqual([{ t: 'todos' }]);
    });

    it('counts the errors of a file and goes on in it by default, and stops the run at a failed file in every mode', async () => {
      const broken = copySet(d =>
        fs.writeFileSync(
          path.join(d, '01-roles.sql'),
          'SELECT * FROM no_such_table;\nCREATE TABLE public.after_the_error (id int);\n',
        ),
      );
      const set = loadSqlSet().files.map(f => f.name);
      const after = set.slice(set.indexOf('01-roles.sql') + 1);
      const custom = tempDir('custom-sql-');
      fs.writeFileSync(
        path.join(custom, 'todos.sql'),
        'CREATE TABLE public.todos (id int);\n',
      );

      for (const strict of [false, true]) {
        const db = await server.createDatabase(`stopping_${strict}_db`);
        const run = await runMigrations(db, {
          dir: broken,
          env: { STRICT: String(strict), CUSTOM_SQL_DIR: custom },
        });
        expect(run.code).toBe(1);
        const lines = results(run.output);
        expect(lines.find(r => r.file === '01-roles.sql')).toEqual({
          file: '01-roles.sql',
          result: 'failed',
          errors: 1,
        });
        // Nothing after it ran, the custom SQL included, and the lines say so.
        expect(lines.slice(lines.length - after.length - 1)).toEqual(
          [...after, 'custom/todos.sql'].map(file => ({
            file,
            result: 'not-attempted',
          })),
        );
        expect(run.output).toContain(
          `supabase-init: summary applied=2 skipped=0 failed=1 errors=1 not_attempted=${
            after.length + 1
          }`,
        );
        const [state] = await query(
          db,
          `SELECT to_regclass('public.todos') AS todos,
                to_regclass('public.after_the_error') AS rest_of_file,
                (SELECT count(*)::int FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                  WHERE d.datname = current_database()) AS settings`,
        );
        // Inside the failed file, the statements after the error ran unless strict.
        expect(state).toEqual({
          todos: null,
          rest_of_file: strict ? null : 'after_the_error',
          settings: 0,
        });
      }
    });

    it('says when the server and the sslmode do not agree, without waiting', async () => {
      const verify = await runMigrations('postgres', {
        env: { PGSSLMODE: 'verify-full', DB_WAIT_SECONDS: '30' },
      });
      expect(verify.code).toBe(3);
      expect(verify.output).toContain(
        'supabase-init: error=tls message=PostgreSQL at 127.0.0.1',
      );
      expect(verify.output).toContain('sslmode verify-full do not agree');

      const plain = await startLocalPostgres({ major, tls: false });
      try {
        const require = await runMigrations('postgres', {
          env: {
            PGPORT: String(plain.port),
            PGPASSWORD: plain.password,
            PGSSLMODE: 'require',
            DB_WAIT_SECONDS: '30',
          },
        });
        expect(require.code).toBe(3);
        expect(require.output).toContain('server does not support SSL');
        expect(require.output).toContain('supabase-init: error=tls');
      } finally {
        await plain.stop();
      }
    });

    it('fails at once, for good, when the server refuses the login or the database', async () => {
      const db = await server.createDatabase('refusing_db');
      const refused: Record<string, string>[] = [
        { PGPASSWORD: 'wrong-password', DB_WAIT_SECONDS: '30' },
        { PGDATABASE: 'no_such_db', DB_WAIT_SECONDS: '30' },
      ];
      for (const env of refused) {
        const run = await runMigrations(db, { env });
        expect(run.code).toBe(3);
        expect(run.output).toMatch(
          /^supabase-init: error=rejected message=PostgreSQL at 127\.0\.0\.1:\d+ refused the connection .*check the username, password and database in the database Secret$/m,
        );
      }
      // The database where runs on the server take turns must be reachable.
      const turn = await runMigrations(db, {
        env: { TURN_DATABASE: 'no_turn_db' },
      });
      expect(turn.code).toBe(3);
      expect(turn.output).toMatch(
        /^supabase-init: error=privileges message=Runs on one server take turns in its database no_turn_db, which user postgres cannot connect to/m,
      );
      expect(
        await query(db, `SELECT to_regnamespace('supabase_init') AS s`),
      ).toEqual([{ s: null }]);
    });

    it('fails with a clear message when the database cannot be reached', async () => {
      const run = await runMigrations('postgres', {
        env: { PGPORT: '1', DB_WAIT_SECONDS: '1' },
      });
      expect(run.code).toBe(2);
      expect(run.output).toContain('supabase-init: error=unreachable');
      expect(run.output).toContain('did not accept connections within 1s');
    });
  });

  describe('01-roles.sql with a password per role', () => {
    // One hostile password per role, each different from the admin's.
    const ROLE_PASSWORDS = {
      authenticator: ['AUTHENTICATOR_PASSWORD', `${HOSTILE}-rest`],
      supabase_auth_admin: ['AUTH_ADMIN_PASSWORD', `${HOSTILE}-auth`],
      supabase_storage_admin: ['STORAGE_ADMIN_PASSWORD', `${HOSTILE}-storage`],
      supabase_functions_admin: ['FUNCTIONS_ADMIN_PASSWORD', `${HOSTILE}-fn`],
      supabase_admin: ['SUPABASE_ADMIN_PASSWORD', `${HOSTILE}-admin`],
      pgbouncer: ['PGBOUNCER_PASSWORD', `${HOSTILE}-pool`],
    } as const;

    function roleEnv(suffix: string, claim: Record<string, string> = {}) {
      const env: Record<string, string> = { ...claim };
      for (const [variable, password] of Object.values(ROLE_PASSWORDS)) {
        env[variable] = `${password}${suffix}`;
      }
      return env;
    }

    async function whoAmI(db: string, user: string, password: string) {
      const client = new Client({
        host: server.host,
        port: server.port,
        user,
        password,
        database: db,
      });
      await client.connect();
      try {
        return (await client.query('SELECT current_user AS me')).rows[0].me;
      } finally {
        await client.end();
      }
    }

    async function claimOf(db: string) {
      const [row] = await query(
        db,
        `SELECT shobj_description('authenticator'::regrole, 'pg_authid') AS claim`,
      );
      return row.claim as string | null;
    }

    it('gives each role its own password, never the admin one, and prints none', async () => {
      const db = await server.createDatabase('own_passwords_db');
      const run = await runMigrations(db, {
        env: roleEnv('', { ROLES_VERSION: 'v1', ROLES_CLAIMANT: 'team-a/one' }),
      });
      expect(run.code).toBe(0);
      for (const [role, [, password]] of Object.entries(ROLE_PASSWORDS)) {
        expect(run.output).not.toContain(password);
        await expect(whoAmI(db, role, password)).resolves.toBe(role);
        await expect(whoAmI(db, role, server.password)).rejects.toThrow(
          /password authentication failed/,
        );
      }
      expect(await claimOf(db)).toBe(
        'supabase-backstage roles version=v1 claimant=team-a/one',
      );
    });

    it('refuses other passwords on claimed roles and changes nothing', async () => {
      const db = await server.createDatabase('second_project_db');
      const run = await runMigrations(db, {
        env: roleEnv('-other', {
          ROLES_VERSION: 'v2',
          ROLES_CLAIMANT: 'team-b/two',
        }),
      });
      expect(run.code).not.toBe(0);
      expect(results(run.output)).toContainEqual({
        file: '01-roles.sql',
        result: 'failed',
        errors: 1,
      });
      expect(run.output).toMatch(
        /supabase-init: error=roles-claimed message=.*set for project team-a\/one\..*a PostgreSQL server of its own\.$/m,
      );
      const [, password] = ROLE_PASSWORDS.authenticator;
      expect(run.output).not.toContain(`${password}-other`);
      await expect(whoAmI(db, 'authenticator', password)).resolves.toBe(
        'authenticator',
      );
      expect(await claimOf(db)).toContain('claimant=team-a/one');

      // The project that holds the claim may change its passwords.
      const own = await runMigrations(db, {
        env: roleEnv('-own', {
          ROLES_VERSION: 'v4',
          ROLES_CLAIMANT: 'team-a/one',
        }),
      });
      expect(own.code).toBe(0);
      await expect(
        whoAmI(db, 'authenticator', `${password}-own`),
      ).resolves.toBe('authenticator');
      // And back, for the tests that follow.
      const back = await runMigrations(db, {
        env: roleEnv('', {
          ROLES_VERSION: 'v1',
          ROLES_CLAIMANT: 'team-a/one',
          REAPPLY: '01-roles.sql',
        }),
      });
      expect(back.code).toBe(0);
    });

    it('lets a project with the same passwords share the roles, and a rotation from the claimed passwords move the claim', async () => {
      const shared = await server.createDatabase('same_passwords_db');
      const same = await runMigrations(shared, {
        env: roleEnv('', {
          ROLES_VERSION: 'v1',
          ROLES_CLAIMANT: 'team-c/three',
        }),
      });
      expect(same.code).toBe(0);

      // Another project rotates, but not from the claimed passwords: refused.
      const stale = await runMigrations(shared, {
        env: roleEnv('-stale', {
          ROLES_VERSION: 'v5',
          ROLES_CLAIMANT: 'team-d/four',
          ROLES_PREVIOUS_VERSION: 'v9',
          REAPPLY: '01-roles.sql',
        }),
      });
      expect(stale.code).not.toBe(0);
      expect(stale.output).toContain('error=roles-claimed');

      // A project that shares them rotates from the claimed passwords (the
      // prefix of their fingerprint): REAPPLY runs the recorded file again.
      const rotated = await runMigrations(shared, {
        env: roleEnv('-rotated', {
          ROLES_VERSION: 'v3',
          ROLES_CLAIMANT: 'team-d/four',
          ROLES_PREVIOUS_VERSION: 'v',
          REAPPLY: '01-roles.sql',
        }),
      });
      expect(rotated.code).toBe(0);
      expect(
        results(rotated.output).filter(r => r.result === 'applied'),
      ).toEqual([{ file: '01-roles.sql', result: 'applied', errors: 0 }]);
      const [, password] = ROLE_PASSWORDS.supabase_auth_admin;
      await expect(
        whoAmI(shared, 'supabase_auth_admin', `${password}-rotated`),
      ).resolves.toBe('supabase_auth_admin');
      await expect(
        whoAmI(shared, 'supabase_auth_admin', password),
      ).rejects.toThrow(/password authentication failed/);
      expect(await claimOf(shared)).toBe(
        'supabase-backstage roles version=v3 claimant=team-d/four',
      );
    });
    it('lets many projects initialize on one server, and one database, at once', async () => {
      // A rotation, or a batch of new projects, starts their runs together;
      // role and database changes at once would fail with "tuple concurrently
      // updated" or a duplicate key. Three databases, two projects on each.
      const databases = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          server.createDatabase(`together_${i}_db`),
        ),
      );
      const runs = await Promise.all(
        [...databases, ...databases].map((db, i) =>
          runMigrations(db, {
            env: roleEnv('-rotated', {
              ROLES_VERSION: 'v3',
              ROLES_CLAIMANT: `team-e/p${i}`,
            }),
          }),
        ),
      );
      for (const run of runs) {
        expect(run.output).not.toMatch(/ERROR:/);
        expect(run.code).toBe(0);
      }
    });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import { loadSqlSet } from './loadSqlSet';
import {
  HOSTILE,
  SERVER_MAJORS,
  query,
  results,
  runMigrations,
  snapshot,
} from './__testUtils__/runMigrations';
import { tempDir } from './__testUtils__/tempDir';

// Real psql runs against a real server on a busy machine.
jest.setTimeout(300_000);

let server: LocalPostgres;

/** Rows of ours in a project's database, for its snapshot. */
const OURS = [
  'SELECT * FROM supabase_init.applied_files ORDER BY file',
  'SELECT * FROM supabase_init.database_claim',
  'SELECT * FROM public.notes ORDER BY id',
];

/** The environment of a project's run: its claim, JWT secret and roles. */
function project(
  claimant: string,
  options: { jwtSecret?: string; roles?: string } = {},
) {
  const roles = options.roles ?? 'shared';
  return {
    PROJECT_CLAIMANT: claimant,
    JWT_SECRET:
      options.jwtSecret ?? `jwt-secret-of-${claimant}-0123456789abcdef`,
    ROLES_VERSION: `roles-${roles}`,
    ROLES_CLAIMANT: claimant,
    AUTHENTICATOR_PASSWORD: `${HOSTILE}-${roles}-rest`,
    AUTH_ADMIN_PASSWORD: `${HOSTILE}-${roles}-auth`,
    STORAGE_ADMIN_PASSWORD: `${HOSTILE}-${roles}-storage`,
    FUNCTIONS_ADMIN_PASSWORD: `${HOSTILE}-${roles}-fn`,
    SUPABASE_ADMIN_PASSWORD: `${HOSTILE}-${roles}-admin`,
    PGBOUNCER_PASSWORD: `${HOSTILE}-${roles}-pool`,
  };
}

function run(database: string, env: Record<string, string>) {
  return runMigrations(server, database, { env });
}

async function jwtSecretOf(database: string): Promise<string | undefined> {
  const rows = await query(
    server,
    database,
    `SELECT unnest(setconfig) AS setting FROM pg_db_role_setting s
       JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()`,
  );
  return rows
    .map(r => r.setting as string)
    .find(s => s.startsWith('app.settings.jwt_secret='));
}

describe.each(SERVER_MAJORS)('on PostgreSQL %i', major => {
  beforeAll(async () => {
    server = await startLocalPostgres({ major, password: HOSTILE });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('a database belongs to one project', () => {
    it('refuses a second project on a claimed database, naming the holder, and changes nothing there', async () => {
      const db = await server.createDatabase('claimed_db');
      const first = await run(db, project('team-a/first'));
      expect(first.code).toBe(0);
      expect(first.output).toContain(
        `supabase-init: claim database=${db} claimant=team-a/first result=claimed`,
      );
      await query(
        server,
        db,
        `CREATE TABLE public.notes (id int PRIMARY KEY, text text);
       INSERT INTO public.notes VALUES (1, 'the first project''s data')`,
      );
      const jwtBefore = await jwtSecretOf(db);
      expect(jwtBefore).toBe(
        'app.settings.jwt_secret=jwt-secret-of-team-a/first-0123456789abcdef',
      );
      const before = await snapshot(server, db, OURS);

      const custom = tempDir('custom-sql-');
      fs.writeFileSync(
        path.join(custom, 'more.sql'),
        'CREATE TABLE public.more (id int);\n',
      );
      // The demo's case: the same database Secret, so the same roles; and
      // another team with credentials of its own.
      for (const second of [
        project('team-b/second'),
        project('team-c/third', { roles: 'other' }),
      ]) {
        const refused = await runMigrations(server, db, {
          env: { ...second, CUSTOM_SQL_DIR: custom },
        });
        expect(refused.code).toBe(3);
        expect(refused.output).toMatch(
          new RegExp(
            `^supabase-init: error=database-claimed claimant=team-a/first message=Database ${db} .* belongs to project team-a/first.*delete project team-a/first to release the database$`,
            'm',
          ),
        );
        expect(results(refused.output)).toEqual([]);
        expect(refused.output).not.toContain(second.JWT_SECRET);
        expect(await snapshot(server, db, OURS)).toBe(before);
      }
      expect(await jwtSecretOf(db)).toBe(jwtBefore);

      // The holder goes on as before.
      const again = await run(db, project('team-a/first'));
      expect(again.code).toBe(0);
      expect(again.output).toContain('result=held');
    });

    it('lets exactly one of several projects that claim one database at once have it', async () => {
      const db = await server.createDatabase('race_db');
      const claimants = Array.from({ length: 6 }, (_, i) => `team-r/p${i}`);
      const runs = await Promise.all(claimants.map(c => run(db, project(c))));
      const winners = runs.filter(r => r.code === 0);
      expect(winners).toHaveLength(1);
      const winner = winners[0].output.match(
        /claim database=\S+ claimant=(\S+) result=claimed/,
      )![1];
      for (const loser of runs.filter(r => r.code !== 0)) {
        expect(loser.code).toBe(3);
        expect(loser.output).toContain(
          `error=database-claimed claimant=${winner} `,
        );
      }
      const [claim] = await query(
        server,
        db,
        'SELECT claimant, released_at FROM supabase_init.database_claim',
      );
      expect(claim).toEqual({ claimant: winner, released_at: null });
      expect(await jwtSecretOf(db)).toBe(
        `app.settings.jwt_secret=jwt-secret-of-${winner}-0123456789abcdef`,
      );
    });

    it('releases a claim and keeps the data; the same project or another may claim it again', async () => {
      const db = await server.createDatabase('released_db');
      expect((await run(db, project('team-d/one'))).code).toBe(0);
      await query(
        server,
        db,
        `CREATE TABLE public.notes (id int PRIMARY KEY, text text);
       INSERT INTO public.notes VALUES (1, 'kept')`,
      );
      const release = (claimant: string) =>
        run(db, { PROJECT_CLAIMANT: claimant, RELEASE_CLAIM: 'true' });

      // Only the holder's release releases.
      const foreign = await release('team-d/two');
      expect(foreign.code).toBe(0);
      expect(foreign.output).toContain(
        `supabase-init: released database=${db} claimant=team-d/two result=none`,
      );
      expect((await run(db, project('team-d/two'))).code).toBe(3);

      const released = await release('team-d/one');
      expect(released.code).toBe(0);
      expect(released.output).toMatch(
        new RegExp(
          `^supabase-init: released database=${db} claimant=team-d/one$`,
          'm',
        ),
      );
      expect(results(released.output)).toEqual([]);
      const [claim] = await query(
        server,
        db,
        'SELECT claimant, released_at IS NOT NULL AS released FROM supabase_init.database_claim',
      );
      expect(claim).toEqual({ claimant: 'team-d/one', released: true });

      // The project made again with the same namespace and name.
      const same = await run(db, project('team-d/one'));
      expect(same.code).toBe(0);
      expect(same.output).toContain(
        `claim database=${db} claimant=team-d/one result=reclaimed`,
      );
      expect(await query(server, db, 'SELECT text FROM public.notes')).toEqual([
        { text: 'kept' },
      ]);

      // Another project, once it is released again.
      expect((await release('team-d/one')).code).toBe(0);
      const other = await run(db, project('team-d/two'));
      expect(other.code).toBe(0);
      expect(other.output).toContain('claimant=team-d/two result=reclaimed');
      expect(await query(server, db, 'SELECT text FROM public.notes')).toEqual([
        { text: 'kept' },
      ]);
      const refused = await run(db, project('team-d/one'));
      expect(refused.code).toBe(3);
      expect(refused.output).toContain(
        'error=database-claimed claimant=team-d/two',
      );
    });

    it('says there was nothing to release in a database that no project claimed', async () => {
      const db = await server.createDatabase('never_claimed_db');
      const released = await run(db, {
        PROJECT_CLAIMANT: 'team-e/one',
        RELEASE_CLAIM: 'true',
      });
      expect(released.code).toBe(0);
      expect(released.output).toContain(
        `released database=${db} claimant=team-e/one result=none`,
      );
      expect(
        await query(server, db, `SELECT to_regnamespace('supabase_init') AS s`),
      ).toEqual([{ s: null }]);
    });

    it('applies nothing after a failed 01-roles.sql: roles held by other credentials keep their passwords, and the database gets no JWT secret', async () => {
      // The roles on this server are claimed by the shared credentials above.
      const holder = await server.createDatabase('roles_holder_db');
      expect((await run(holder, project('team-f/holder'))).code).toBe(0);
      const rolesBefore = await query(
        server,
        holder,
        `SELECT rolname, rolpassword FROM pg_authid ORDER BY 1`,
      );

      const db = await server.createDatabase('roles_refused_db');
      const refused = await run(
        db,
        project('team-g/other', { roles: 'another' }),
      );
      expect(refused.code).toBe(3);
      expect(refused.output).toMatch(
        /^supabase-init: error=roles-claimed message=.*set for project team-[a-f]\//m,
      );
      const files = loadSqlSet().files.map(f => f.name);
      const after = files.slice(files.indexOf('01-roles.sql') + 1);
      expect(results(refused.output)).toEqual([
        { file: '00-baseline.sql', result: 'applied', errors: 0 },
        { file: '00-initial-schema.sql', result: 'applied', errors: 0 },
        { file: '01-roles.sql', result: 'failed', errors: 1 },
        ...after.map(file => ({ file, result: 'not-attempted' })),
      ]);
      expect(refused.output).toContain(
        `summary applied=2 skipped=0 failed=1 errors=1 not_attempted=${after.length}`,
      );
      expect(await jwtSecretOf(db)).toBeUndefined();
      expect(
        await query(
          server,
          db,
          `SELECT to_regnamespace('supabase_functions') AS s, to_regnamespace('_realtime') AS r`,
        ),
      ).toEqual([{ s: null, r: null }]);
      expect(
        await query(
          server,
          holder,
          `SELECT rolname, rolpassword FROM pg_authid ORDER BY 1`,
        ),
      ).toEqual(rolesBefore);
    });

    it('reports what the server lacks on every project and every run, also one that skips every file', async () => {
      const first = await server.createDatabase('warned_first_db');
      const second = await server.createDatabase('warned_second_db');
      const runs = [
        await run(first, project('team-h/first')),
        await run(second, project('team-h/second')),
        await run(first, project('team-h/first')),
      ];
      expect(results(runs[2].output).every(r => r.result === 'skipped')).toBe(
        true,
      );
      for (const done of runs) {
        expect(done.code).toBe(0);
        expect(done.output).toMatch(
          /^supabase-init: warning=wal_level message=Realtime needs wal_level=logical but the server has wal_level=replica; .*restart PostgreSQL$/m,
        );
        expect(done.output).toMatch(
          /^supabase-init: warning=pg_net message=Database webhooks need the pg_net extension/m,
        );
        // A superuser gives the roles every attribute.
        expect(done.output).not.toContain('warning=role_attributes');
      }
    });
  });
});

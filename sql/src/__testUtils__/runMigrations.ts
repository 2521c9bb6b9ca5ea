import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LocalPostgres } from '@supabase-backstage/local-postgres';
import { tempDir } from './tempDir';

export const SQL_DIR = resolvePackagePath('@supabase-backstage/sql');
// Every character that breaks URLs, shells, psql or SQL quoting.
export const HOSTILE = `p'a"s@s:w/o?r#d$x\`y\\z ü-ß`;
/**
 * The PostgreSQL majors the set supports, and its tests run against: Debian's
 * and Supabase's 15, and 17, upstream's default since self-hosted 0.6.0.
 */
export const SERVER_MAJORS = [15, 17];
export const JWT_SECRET = 'jwt-secret-with-at-least-32-characters-0123';

export interface Run {
  code: number;
  output: string;
}

export interface Login {
  user: string;
  password: string;
}

/**
 * Runs run-migrations.sh against `database` on `server` with a clean
 * environment, like the Job does, as the server's superuser unless `login`
 * says otherwise.
 */
export function runMigrations(
  server: LocalPostgres,
  database: string,
  options: { dir?: string; login?: Login; env?: Record<string, string> } = {},
): Promise<Run> {
  const script = path.join(options.dir ?? SQL_DIR, 'run-migrations.sh');
  const login = options.login ?? server;
  const env = {
    PATH: process.env.PATH!,
    HOME: os.tmpdir(),
    PGHOST: server.host,
    PGPORT: String(server.port),
    PGDATABASE: database,
    PGUSER: login.user,
    PGPASSWORD: login.password,
    PGSSLMODE: 'disable',
    POSTGRES_USER: login.user,
    POSTGRES_PASSWORD: login.password,
    JWT_SECRET,
    JWT_EXP: '3600',
    DB_WAIT_SECONDS: '5',
    ...options.env,
  };
  return new Promise(resolve => {
    execFile('sh', [script], { env }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

/** The `file=... result=...` lines of a run. */
export function results(output: string) {
  return [
    ...output.matchAll(
      /supabase-init: file=(\S+) result=([\w-]+)(?: errors=(\d+))?/g,
    ),
  ].map(m =>
    m[3] === undefined
      ? { file: m[1], result: m[2] }
      : { file: m[1], result: m[2], errors: Number(m[3]) },
  );
}

/** Runs one statement on `database` and returns its rows. */
export async function query<T = any>(
  server: LocalPostgres,
  database: string,
  sql: string,
  login: Login = server,
): Promise<T[]> {
  const client = new Client({
    host: server.host,
    port: server.port,
    user: login.user,
    password: login.password,
    database,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the set in a folder of our own, read-only like a ConfigMap mount. */
export function copySet(change?: (dir: string) => void): string {
  const dir = tempDir('sql-set-');
  for (const name of fs.readdirSync(SQL_DIR)) {
    if (name.endsWith('.sql') || name === 'run-migrations.sh') {
      fs.copyFileSync(path.join(SQL_DIR, name), path.join(dir, name));
    }
  }
  change?.(dir);
  for (const name of fs.readdirSync(dir))
    fs.chmodSync(path.join(dir, name), 0o444);
  fs.chmodSync(dir, 0o555);
  return dir;
}

/**
 * Creates a login that is not a superuser, with the attributes given (for
 * example `CREATEDB CREATEROLE`), and returns it.
 */
export async function createLogin(
  server: LocalPostgres,
  user: string,
  attributes: string,
): Promise<Login> {
  const password = `${HOSTILE}-${user}`;
  await query(
    server,
    'postgres',
    `CREATE ROLE "${user}" LOGIN ${attributes} PASSWORD '${password.replace(
      /'/g,
      "''",
    )}'`,
  );
  return { user, password };
}

/**
 * The server Secret's login on a managed server: no superuser, CREATEDB
 * and CREATEROLE, and what a superuser grants once so that the JWT
 * settings may be set.
 */
export async function createAdminLogin(
  server: LocalPostgres,
  user = 'platform_admin',
): Promise<Login> {
  const admin = await createLogin(server, user, 'CREATEDB CREATEROLE');
  await query(
    server,
    'postgres',
    `GRANT SET ON PARAMETER "app.settings.jwt_secret", "app.settings.jwt_exp" TO ${user}`,
  );
  return admin;
}

/**
 * Everything a run could change, in the database and on the server, as
 * text: the database's objects and settings, the server's roles (with their
 * password hashes), memberships, role settings, comments and databases,
 * and what the queries in `rows` return.
 */
export async function snapshot(
  server: LocalPostgres,
  database: string,
  rows: string[] = [],
): Promise<string> {
  const parts = await Promise.all(
    [
      `SELECT n.nspname, c.relname, c.relkind, c.relacl::text FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1, 2`,
      `SELECT nspname, nspowner::regrole::text, nspacl::text FROM pg_namespace ORDER BY 1`,
      `SELECT p.oid::regprocedure::text FROM pg_proc p ORDER BY 1`,
      `SELECT extname FROM pg_extension ORDER BY 1`,
      `SELECT pubname FROM pg_publication ORDER BY 1`,
      `SELECT setdatabase, setrole, setconfig FROM pg_db_role_setting ORDER BY 1, 2`,
      `SELECT rolname, rolpassword, rolsuper, rolcreaterole, rolcanlogin FROM pg_authid ORDER BY 1`,
      `SELECT roleid::regrole::text, member::regrole::text FROM pg_auth_members ORDER BY 1, 2`,
      `SELECT objoid, classoid, description FROM pg_shdescription ORDER BY 1, 2`,
      `SELECT datname, datdba::regrole::text, datacl::text FROM pg_database ORDER BY 1`,
      ...rows,
    ].map(sql => query(server, database, sql)),
  );
  return JSON.stringify(parts);
}

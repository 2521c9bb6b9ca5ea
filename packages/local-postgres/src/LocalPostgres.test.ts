import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Client } from 'pg';
import { findPostgresBinaries } from './findPostgresBinaries';
import { startLocalPostgres, LocalPostgres } from './LocalPostgres';

jest.setTimeout(120_000);

describe.each([15, 17])('startLocalPostgres on PostgreSQL %i', major => {
  let server: LocalPostgres;

  beforeAll(async () => {
    server = await startLocalPostgres({
      major,
      password: `p@ss:w/o?r#d 'x"`,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('accepts the password over TCP and reports the server version', async () => {
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    const { rows } = await client.query(
      `SELECT current_setting('server_version_num')::int AS version,
              current_setting('password_encryption') AS encryption`,
    );
    await client.end();
    expect(Math.floor(rows[0].version / 10000)).toBe(major);
    expect(server.major).toBe(major);
    expect(rows[0].encryption).toBe('scram-sha-256');
  });

  it('rejects a wrong password, because authentication is not trust', async () => {
    const client = new Client({
      host: server.host,
      port: server.port,
      user: server.user,
      password: 'wrong',
      database: 'postgres',
    });
    await expect(client.connect()).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('is reachable by psql through the libpq environment', () => {
    const out = execFileSync('psql', ['-tAc', 'SELECT 40 + 2'], {
      env: { ...process.env, ...server.env },
    });
    expect(out.toString().trim()).toBe('42');
  });

  it('speaks TLS to psql with sslmode=require, as a production server would', () => {
    const out = execFileSync(
      'psql',
      ['-tAc', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'],
      { env: { ...process.env, ...server.env, PGSSLMODE: 'require' } },
    );
    expect(out.toString().trim()).toBe('t');
  });

  it('creates databases', async () => {
    const name = await server.createDatabase();
    const client = new Client({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: name,
    });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS db');
    await client.end();
    expect(rows[0].db).toBe(name);
  });
});

describe('findPostgresBinaries', () => {
  it('names the package to add when a major is not installed', () => {
    expect(() => findPostgresBinaries(9)).toThrow(
      /No PostgreSQL 9 server binaries found .*linux-x64-9/,
    );
  });
});

describe('stop', () => {
  it('removes the temporary data folder', async () => {
    const server = await startLocalPostgres();
    const dataDir = execFileSync('psql', ['-tAc', 'SHOW data_directory'], {
      env: { ...process.env, ...server.env },
    })
      .toString()
      .trim();
    expect(fs.existsSync(dataDir)).toBe(true);
    await server.stop();
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

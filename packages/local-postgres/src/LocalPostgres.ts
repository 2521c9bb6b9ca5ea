import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findPostgresBinaries } from './findPostgresBinaries';
import { createSelfSignedCertificate } from './selfSignedCertificate';

/** @public */
export interface LocalPostgresOptions {
  /**
   * The PostgreSQL major version to run (e.g. 15 or 17). Any installed one
   * when omitted; see `findPostgresBinaries` for where they are looked up.
   */
  major?: number;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Superuser name. Defaults to `postgres`. */
  user?: string;
  /** Superuser password. A random one is generated when omitted. */
  password?: string;
  /**
   * Data folder to keep between runs. When omitted a temporary folder is
   * created and removed again by `stop()`.
   */
  dataDir?: string;
  /** Extra server settings, passed as `-c name=value`. */
  settings?: Record<string, string>;
  /**
   * Accept TLS connections with a fresh self-signed certificate (default
   * true), so clients with `sslmode=require` connect as to a real server.
   * Plain connections are accepted too.
   */
  tls?: boolean;
  /** Receives the server's own log lines. Ignored by default. */
  onLog?: (line: string) => void;
}

/** A running PostgreSQL server. @public */
export interface LocalPostgres {
  host: string;
  port: number;
  /** The server's major version, e.g. 15 or 17. */
  major: number;
  user: string;
  password: string;
  /** The maintenance database, always present. */
  database: string;
  /** A `postgresql://` URL with the credentials percent-encoded. */
  connectionString: string;
  /** libpq environment variables (`PGHOST`, `PGPORT`, ...) for `psql`. */
  env: Record<string, string>;
  /** Creates a database and returns its name. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes a temporary data folder. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/**
 * Starts a real PostgreSQL server on 127.0.0.1 with scram-sha-256 password
 * authentication (never trust), for local runs and tests.
 *
 * PostgreSQL refuses to run as root; when started by root the server runs as
 * the `postgres` system user.
 *
 * @public
 */
export async function startLocalPostgres(
  options: LocalPostgresOptions = {},
): Promise<LocalPostgres> {
  const bin = findPostgresBinaries(options.major);
  const user = options.user ?? 'postgres';
  const password = options.password ?? randomBytes(18).toString('base64url');
  const port = options.port ?? (await findFreePort());
  const owner = serverOwner();

  const temporary = !options.dataDir;
  const baseDir = options.dataDir
    ? path.resolve(options.dataDir)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'local-postgres-'));
  const dataDir = path.join(baseDir, 'data');
  const socketDir = path.join(baseDir, 'socket');
  fs.mkdirSync(socketDir, { recursive: true });
  fs.chmodSync(baseDir, 0o700);
  chownTree(baseDir, owner);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const pwFile = path.join(baseDir, 'pwfile');
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    chownTree(pwFile, owner);
    try {
      execFileSync(
        bin.initdb,
        [
          '-D',
          dataDir,
          '-U',
          user,
          '--auth=scram-sha-256',
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
          '--no-sync',
        ],
        { stdio: 'pipe', ...owner },
      );
    } catch (error) {
      throw new Error(
        `initdb failed: ${String(
          (error as { stderr?: Buffer }).stderr ?? error,
        )}`,
      );
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    fsync: 'off',
    max_connections: '200',
    ...(options.tls === false ? {} : tlsSettings(baseDir, owner)),
    ...options.settings,
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) {
    args.push('-c', `${name}=${value}`);
  }
  const child = spawn(bin.postgres, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...owner,
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      options.onLog?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const removeExitHook = killOnExit(child);

  const server = {
    host: '127.0.0.1',
    port,
    major: bin.major,
    user,
    password,
    database: 'postgres',
  };
  try {
    await waitUntilReady(server, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    removeExitHook();
    if (temporary) fs.rmSync(baseDir, { recursive: true, force: true });
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    ...server,
    connectionString: `postgresql://${encodeURIComponent(
      user,
    )}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    env: {
      PGHOST: '127.0.0.1',
      PGPORT: String(port),
      PGUSER: user,
      PGPASSWORD: password,
      PGDATABASE: 'postgres',
      PGSSLMODE: 'disable',
    },
    async createDatabase(name = `db_${randomBytes(6).toString('hex')}`) {
      const client = new Client(server);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return name;
    },
    stop() {
      stopped ??= (async () => {
        removeExitHook();
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise(resolve => child.once('exit', resolve));
          // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected.
          child.kill('SIGINT');
          await exited;
        }
        if (temporary) fs.rmSync(baseDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

async function waitUntilReady(
  server: { host: string; port: number; user: string; password: string },
  child: ChildProcess,
  output: string[],
) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `PostgreSQL exited with code ${child.exitCode}:\n${output.join('\n')}`,
      );
    }
    const client = new Client({ ...server, database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        throw new Error(
          `PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms: ${error}\n${output.join(
            '\n',
          )}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The uid/gid the server runs as: the `postgres` user when we are root. */
function serverOwner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    return { uid, gid };
  } catch {
    throw new Error(
      'PostgreSQL refuses to run as root and there is no "postgres" user to run it as. ' +
        'Create one with: useradd --system --no-create-home postgres',
    );
  }
}

function chownTree(target: string, owner: { uid?: number; gid?: number }) {
  if (owner.uid === undefined || owner.gid === undefined) return;
  fs.chownSync(target, owner.uid, owner.gid);
  if (fs.statSync(target).isDirectory()) {
    for (const entry of fs.readdirSync(target)) {
      chownTree(path.join(target, entry), owner);
    }
  }
}

/** Makes sure the server does not outlive the process that started it. */
function killOnExit(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', kill);
  return () => process.off('exit', kill);
}

/** Server settings for TLS with a certificate made for this server. */
function tlsSettings(
  baseDir: string,
  owner: ReturnType<typeof serverOwner>,
): Record<string, string> {
  const dir = path.join(baseDir, 'tls');
  fs.mkdirSync(dir, { recursive: true });
  const { certFile, keyFile } = createSelfSignedCertificate(dir, {
    commonName: 'local-postgres',
  });
  // The server refuses a key that others can read or that it does not own.
  chownTree(dir, owner);
  return { ssl: 'on', ssl_cert_file: certFile, ssl_key_file: keyFile };
}

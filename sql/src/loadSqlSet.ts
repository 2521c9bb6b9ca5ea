import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One file of the SQL set. @public */
export interface SqlFile {
  name: string;
  content: string;
  /** sha256 of the file's bytes, hex: what run-migrations.sh records. */
  checksum: string;
}

/** The db-init SQL set as the backend ships it. @public */
export interface SqlSet {
  /** In the order the runner applies them (file-name order). */
  files: SqlFile[];
  /** run-migrations.sh */
  runner: string;
  /** Every file concatenated in order, for running the set by hand. */
  initSql: string;
  /**
   * A hash over the files' names and checksums and the runner: changes when
   * any of them does, so that a new runner (a new claim, a new check) runs
   * once on every project too.
   */
  version: string;
}

/** The package root, where the .sql files and the runner are. */
const SQL_DIR = resolvePackagePath('@supabase-backstage/sql');

/**
 * Loads the SQL set from the one place it lives. The order is the runner's:
 * file names sorted byte-wise, as `sh` expands `*.sql` in the C locale.
 *
 * @public
 */
export function loadSqlSet(dir: string = SQL_DIR): SqlSet {
  const names = fs
    .readdirSync(dir)
    .filter(name => name.endsWith('.sql') && name !== 'init.sql')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const files = names.map(name => {
    const bytes = fs.readFileSync(path.join(dir, name));
    return {
      name,
      content: bytes.toString('utf8'),
      checksum: sha256(bytes),
    };
  });
  const runner = fs.readFileSync(path.join(dir, 'run-migrations.sh'));
  const version = createHash('sha256');
  for (const file of files) version.update(`${file.name}\0${file.checksum}\n`);
  version.update(`run-migrations.sh\0${sha256(runner)}\n`);
  return {
    files,
    runner: runner.toString('utf8'),
    initSql: files
      .map(file => `-- ${file.name}\n${file.content.replace(/\n*$/, '\n')}`)
      .join('\n'),
    version: version.digest('hex').slice(0, 16),
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

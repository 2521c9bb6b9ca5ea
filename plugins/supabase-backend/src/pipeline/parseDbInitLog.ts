import {
  DbInitFileResult,
  ProjectWarning,
} from '@supabase-backstage/plugin-supabase-common';

/** What the backend learns from a db-init pod's log. */
export interface ParsedDbInitLog {
  fileResults: DbInitFileResult[];
  warnings: ProjectWarning[];
  /**
   * Why the run failed, when it says so (`error=<code> message=<text>`);
   * `claimant` names the project holding a claimed database.
   */
  errors: { code: string; message: string; claimant?: string }[];
  /** The run's claim on its database (`claim database=<db> ...`). */
  claim?: { database: string; claimant: string; result: string };
  /** The database a run on a server created or found (`database=<name> created=<bool>`). */
  database?: { name: string; created: boolean };
  /**
   * A claim release (`released database=<db> claimant=<c>`, or with
   * `result=none` when there was nothing to release).
   */
  release?: { database?: string; claimant?: string; released: boolean };
}

const PREFIX = 'supabase-init:';

/** `released database=...`: the line of a claim release. */
const RELEASED = /^\s*released(\s|$)/;
/** `claim database=...`: the line of a run's claim. */
const CLAIM = /^\s*claim\s/;

/**
 * Reads the machine-readable lines `run-migrations.sh` prints (see
 * sql/README.md): `supabase-init: file=<f> result=<r> errors=<n> checksum=<c>`
 * (`result=not-attempted` for the files after a failed one),
 * `supabase-init: warning=<code> message=<text>`,
 * `supabase-init: error=<code> [claimant=<ns/name>] message=<text>`,
 * `supabase-init: claim database=<db> claimant=<ns/name> result=<r>`,
 * `supabase-init: database=<name> created=<true|false>` and
 * `supabase-init: released database=<db> claimant=<c> [result=none]`.
 * Everything else in the log is for people and is ignored here.
 */
export function parseDbInitLog(log: string): ParsedDbInitLog {
  const files = new Map<string, DbInitFileResult>();
  const warnings = new Map<string, ProjectWarning>();
  const errors = new Map<string, ParsedDbInitLog['errors'][number]>();
  const parsed: Omit<ParsedDbInitLog, 'fileResults' | 'warnings' | 'errors'> =
    {};
  for (const raw of log.split('\n')) {
    const at = raw.indexOf(PREFIX);
    if (at === -1) continue;
    const text = raw.slice(at + PREFIX.length);
    const fields = parseFields(text);
    if (RELEASED.test(text)) {
      parsed.release = {
        ...(fields.database ? { database: fields.database } : {}),
        ...(fields.claimant ? { claimant: fields.claimant } : {}),
        released: fields.result !== 'none',
      };
    } else if (CLAIM.test(text) && fields.database) {
      parsed.claim = {
        database: fields.database,
        claimant: fields.claimant ?? '',
        result: fields.result ?? '',
      };
    } else if (fields.database && fields.created) {
      parsed.database = {
        name: fields.database,
        created: fields.created === 'true',
      };
    } else if (fields.file && isResult(fields.result)) {
      files.set(fields.file, {
        file: fields.file,
        result: fields.result,
        errors: Number(fields.errors ?? 0) || 0,
        ...(fields.checksum ? { checksum: fields.checksum } : {}),
      });
    } else if (fields.error) {
      errors.set(fields.error, {
        code: fields.error,
        message: fields.message ?? fields.error,
        ...(fields.claimant ? { claimant: fields.claimant } : {}),
      });
    } else if (fields.warning) {
      warnings.set(fields.warning, {
        code: fields.warning,
        message: fields.message ?? fields.warning,
      });
    }
  }
  return {
    fileResults: [...files.values()],
    warnings: [...warnings.values()],
    errors: [...errors.values()],
    ...parsed,
  };
}

const FILE_RESULTS: ReadonlyArray<DbInitFileResult['result']> = [
  'applied',
  'skipped',
  'failed',
  'not-attempted',
];

function isResult(value: unknown): value is DbInitFileResult['result'] {
  return FILE_RESULTS.includes(value as DbInitFileResult['result']);
}

/**
 * Splits `a=1 b=two message=free text here` into fields; `message` takes the
 * rest of the line, so it may contain spaces and `=`.
 */
function parseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const pattern = /\s*([a-z_]+)=/g;
  let pending: { key: string; start: number } | undefined;
  for (
    let match = pattern.exec(text);
    match !== null;
    match = pattern.exec(text)
  ) {
    if (pending) {
      fields[pending.key] = text.slice(pending.start, match.index).trim();
      if (pending.key === 'message') {
        // The message runs to the end of the line.
        fields.message = text.slice(pending.start).trim();
        return fields;
      }
    }
    pending = { key: match[1], start: pattern.lastIndex };
  }
  if (pending) fields[pending.key] = text.slice(pending.start).trim();
  return fields;
}

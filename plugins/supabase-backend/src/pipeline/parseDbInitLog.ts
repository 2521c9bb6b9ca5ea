import {
  DbInitFileResult,
  ProjectWarning,
} from '@supabase-backstage/plugin-supabase-common';

/** What the backend learns from a db-init pod's log. */
export interface ParsedDbInitLog {
  fileResults: DbInitFileResult[];
  warnings: ProjectWarning[];
  /** Why the run failed, when it says so (`error=<code> message=<text>`). */
  errors: { code: string; message: string }[];
}

const PREFIX = 'supabase-init:';

/**
 * Reads the machine-readable lines `run-migrations.sh` prints (see
 * sql/README.md): `supabase-init: file=<f> result=<r> errors=<n> checksum=<c>`
 * `supabase-init: warning=<code> message=<text>` and
 * `supabase-init: error=<code> message=<text>`. Everything else in the
 * log is for people and is ignored here.
 */
export function parseDbInitLog(log: string): ParsedDbInitLog {
  const files = new Map<string, DbInitFileResult>();
  const warnings = new Map<string, ProjectWarning>();
  const errors = new Map<string, { code: string; message: string }>();
  for (const raw of log.split('\n')) {
    const at = raw.indexOf(PREFIX);
    if (at === -1) continue;
    const fields = parseFields(raw.slice(at + PREFIX.length));
    if (fields.file && isResult(fields.result)) {
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
  };
}

function isResult(value: unknown): value is DbInitFileResult['result'] {
  return value === 'applied' || value === 'skipped' || value === 'failed';
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

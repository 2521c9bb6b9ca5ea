import type { V1ConfigMap } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { DbInitScripts } from '../resources';

/** The database settings a db-init run writes besides the SQL itself. */
export interface DbInitSettings {
  /** Version of the project's signing secret (see signingSecretVersion). */
  keysVersion?: string;
  jwtExpirySeconds: number;
}

/**
 * The version a db-init run applies, `<sql>-<settings>`: the SQL set's own
 * version combined with the custom scripts, and a fingerprint of the
 * settings the SQL writes (the JWT secret and expiry). Changing any of them
 * makes a new run; changing none never does.
 */
export function dbInitVersion(
  sqlSet: DbInitScripts,
  customScripts: V1ConfigMap | undefined,
  settings: DbInitSettings,
): string {
  let sql = sqlSet.version;
  if (customScripts) {
    const hash = createHash('sha256').update(sqlSet.version);
    for (const key of Object.keys(customScripts.data ?? {}).sort()) {
      hash.update(`\0${key}\0${customScripts.data![key]}`);
    }
    sql = hash.digest('hex').slice(0, 16);
  }
  const fingerprint = createHash('sha256')
    .update(`${settings.keysVersion ?? ''}\0${settings.jwtExpirySeconds}`)
    .digest('hex')
    .slice(0, 8);
  return `${sql}-${fingerprint}`;
}

/** What differs between an applied version and a new one. */
export function versionChanges(
  applied: string | undefined,
  next: string,
): { sql: boolean; settings: boolean } {
  if (!applied) return { sql: true, settings: true };
  const [appliedSql, appliedSettings] = applied.split('-');
  const [nextSql, nextSettings] = next.split('-');
  return {
    sql: appliedSql !== nextSql,
    settings: appliedSettings !== nextSettings,
  };
}

import type { V1ConfigMap } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { DbInitScripts } from '../resources';

/** The database settings a db-init run writes besides the SQL itself. */
export interface DbInitSettings {
  /** Version of the project's signing secret (see signingSecretVersion). */
  keysVersion?: string;
  jwtExpirySeconds: number;
  /** Fingerprint of the component roles' passwords (see rolePasswordsVersion). */
  rolesVersion?: string;
  /**
   * Fingerprint of the database (see databaseVersion): another database
   * needs everything applied there, and its settings written.
   */
  databaseVersion?: string;
}

/**
 * The version a db-init run applies, `<sql>-<jwt>-<roles>`: the SQL set's
 * own version combined with the custom scripts, a fingerprint of the JWT
 * settings 02-jwt.sql writes (secret and expiry) and of the database it
 * writes them to (another database is initialized afresh), and the fingerprint of
 * the role passwords 01-roles.sql sets. Changing any of them makes a new
 * run; changing none never does.
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
  const jwt = createHash('sha256')
    .update(`${settings.keysVersion ?? ''}\0${settings.jwtExpirySeconds}`)
    .update(settings.databaseVersion ? `\0${settings.databaseVersion}` : '')
    .digest('hex')
    .slice(0, 8);
  const roles = (settings.rolesVersion ?? 'none').slice(0, 8);
  return `${sql}-${jwt}-${roles}`;
}

/** The parts of a version `<sql>-<jwt>-<roles>` (roles missing in old ones). */
function partsOf(version: string) {
  const [sql, jwt, roles] = version.split('-');
  return { sql, jwt, roles: roles as string | undefined };
}

/** The role-password part of a version (a fingerprint prefix), if it has one. */
export function rolesPartOf(version: string | undefined): string | undefined {
  return version ? partsOf(version).roles : undefined;
}

/** What differs between an applied version and a new one. */
export interface VersionChanges {
  sql: boolean;
  /** The JWT settings (02-jwt.sql writes them). */
  jwt: boolean;
  /** The role passwords (01-roles.sql sets them). */
  roles: boolean;
  /** Either of the settings: never held back, unlike SQL upgrades. */
  settings: boolean;
}

/**
 * What differs between an applied version and a new one. A version from
 * before role passwords were tracked has no roles part: its roles count as
 * changed, so the upgrade sets every role's own password once.
 */
export function versionChanges(
  applied: string | undefined,
  next: string,
): VersionChanges {
  if (!applied) return { sql: true, jwt: true, roles: true, settings: true };
  const before = partsOf(applied);
  const after = partsOf(next);
  const jwt = before.jwt !== after.jwt;
  const roles = before.roles !== after.roles;
  return { sql: before.sql !== after.sql, jwt, roles, settings: jwt || roles };
}

import { createHash, createHmac, scryptSync } from 'node:crypto';

/**
 * The database roles the components log in as, each with the key of its
 * password in the `<project>-roles` Secret and the variable 01-roles.sql
 * reads it from.
 */
export const DATABASE_ROLES = {
  authenticator: {
    secretKey: 'authenticatorPassword',
    sqlVariable: 'AUTHENTICATOR_PASSWORD',
  },
  supabase_auth_admin: {
    secretKey: 'authAdminPassword',
    sqlVariable: 'AUTH_ADMIN_PASSWORD',
  },
  supabase_storage_admin: {
    secretKey: 'storageAdminPassword',
    sqlVariable: 'STORAGE_ADMIN_PASSWORD',
  },
  supabase_functions_admin: {
    secretKey: 'functionsAdminPassword',
    sqlVariable: 'FUNCTIONS_ADMIN_PASSWORD',
  },
  supabase_admin: {
    secretKey: 'supabaseAdminPassword',
    sqlVariable: 'SUPABASE_ADMIN_PASSWORD',
  },
  pgbouncer: {
    secretKey: 'pgbouncerPassword',
    sqlVariable: 'PGBOUNCER_PASSWORD',
  },
} as const;

export type DatabaseRole = keyof typeof DATABASE_ROLES;

/** Passwords of the component roles, by role. */
export type RolePasswords = Record<DatabaseRole, string>;

const stretchedKeys = new Map<string, Buffer>();
const STRETCHED_KEYS_CACHED = 1000;

/**
 * The key everything about a set of credentials is derived from: scrypt of
 * the admin password, so that a guess at a weak admin password costs more
 * to test against a role password, their fingerprint or the store's key
 * than against PostgreSQL's own SCRAM verifier. Memoized in this process
 * only, as every reconcile needs it.
 */
function stretchedKey(admin: { username: string; password: string }): Buffer {
  const cacheKey = createHash('sha256')
    .update(`${admin.username}\0${admin.password}`)
    .digest('hex');
  let key = stretchedKeys.get(cacheKey);
  if (!key) {
    key = scryptSync(
      admin.password,
      `supabase-backstage/credentials/v2\0${admin.username}`,
      32,
      { N: 2 ** 14 },
    );
    if (stretchedKeys.size >= STRETCHED_KEYS_CACHED) stretchedKeys.clear();
    stretchedKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * The component roles' passwords for a set of credentials and a
 * role-password generation.
 *
 * Roles are server-wide: every project whose database is on one server
 * shares them. So each password is derived from the admin credentials of
 * the project's database Secret, the role and the generation: projects that
 * reach one server with the same credentials get the same passwords and
 * never overwrite each other's, each role has its own, and none of them
 * gives the admin password away. A rotation moves the credentials, and so
 * every project using them, to the next generation (see
 * docs/decisions/0007).
 */
export function deriveRolePasswords(
  admin: { username: string; password: string },
  generation: number,
): RolePasswords {
  const key = stretchedKey(admin);
  const passwords = {} as RolePasswords;
  for (const role of Object.keys(DATABASE_ROLES) as DatabaseRole[]) {
    passwords[role] = createHmac('sha256', key)
      .update(`role-password\0${role}\0${generation}`)
      .digest('base64url');
  }
  return passwords;
}

/**
 * The key the store keeps a set of credentials' role-password generation
 * under, shared by every project that uses them.
 */
export function credentialsKey(admin: {
  username: string;
  password: string;
}): string {
  return createHmac('sha256', stretchedKey(admin))
    .update('credentials-key')
    .digest('hex');
}

/**
 * A short fingerprint of a set of role passwords: the db-init run claims the
 * server's roles with it, and pod templates carry it so that components
 * restart with new passwords. (It is a hash of derived passwords, so it gives
 * no more away than they do.)
 */
export function rolePasswordsVersion(passwords: RolePasswords): string {
  const hash = createHash('sha256');
  for (const role of Object.keys(DATABASE_ROLES) as DatabaseRole[]) {
    hash.update(`${role}\0${passwords[role]}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

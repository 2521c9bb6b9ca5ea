import { createHash, createHmac } from 'node:crypto';

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

/**
 * The component roles' passwords for a role-password generation.
 *
 * Roles are server-wide: every project whose database is on one server
 * shares them. So each password is derived (HMAC-SHA256) from the admin
 * credentials of the project's database Secret, the role and the
 * generation: projects that reach one server with the same credentials
 * get the same passwords and never overwrite each other's, each role has
 * its own, and none of them gives the admin password away. A rotation
 * moves the credentials, and so every project using them, to the next
 * generation (see docs/decisions/0007).
 */
export function deriveRolePasswords(
  admin: { username: string; password: string },
  generation: number,
): RolePasswords {
  const passwords = {} as RolePasswords;
  for (const role of Object.keys(DATABASE_ROLES) as DatabaseRole[]) {
    passwords[role] = createHmac('sha256', admin.password)
      .update(
        `supabase-backstage/role-password/v1\0${admin.username}\0${role}\0${generation}`,
      )
      .digest('base64url');
  }
  return passwords;
}

/**
 * A one-way key of a set of database credentials: the store keeps the
 * role-password generation by it, shared by every project that uses those
 * credentials (an HMAC, so the key gives nothing away).
 */
export function credentialsKey(admin: {
  username: string;
  password: string;
}): string {
  return createHmac('sha256', admin.password)
    .update(`supabase-backstage/credentials-key/v1\0${admin.username}`)
    .digest('hex');
}

/**
 * A short fingerprint of a set of role passwords: the db-init run claims the
 * server's roles with it, and pod templates carry it so that components
 * restart with new passwords. (A truncated hash of HMAC output gives
 * nothing away.)
 */
export function rolePasswordsVersion(passwords: RolePasswords): string {
  const hash = createHash('sha256');
  for (const role of Object.keys(DATABASE_ROLES) as DatabaseRole[]) {
    hash.update(`${role}\0${passwords[role]}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

import type { V1Secret } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { databaseUrl } from './databaseUrl';
import { generateJwtSecret, generateSecretString, signApiKey } from './jwt';
import { standardLabels } from './labels';
import { legacyApiKeysOn } from './legacyApiKeys';
import { generateOpaqueApiKey } from './opaqueApiKeys';
import {
  authJwtKeys,
  generateSigningKey,
  parseSigningKeys,
  signAsymmetricApiKey,
  verifierJwks,
} from './signingKeys';
import { objectNames } from './objectNames';
import { DATABASE_ROLES, DatabaseRole, RolePasswords } from './rolePasswords';
import { ProjectObjectInput } from './types';

/**
 * The project's generated keys: what the store keeps (docs/decisions/0011)
 * and the `<project>-jwt` Secret holds.
 */
export const STORED_KEYS = {
  /** The legacy HS256 secret; also the database's `app.settings.jwt_secret`. */
  jwtSecret: 'jwtSecret',
  /** The legacy anon and service_role keys, HS256 JWTs. */
  anonKey: 'anonKey',
  serviceKey: 'serviceKey',
  metaCryptoKey: 'metaCryptoKey',
  realtimeSecretKeyBase: 'realtimeSecretKeyBase',
  realtimeDbEncKey: 'realtimeDbEncKey',
  dashboardUsername: 'dashboardUsername',
  dashboardPassword: 'dashboardPassword',
  /** The ES256 signing keys with their states, JSON (signingKeys.ts). */
  signingKeys: 'signingKeys',
  /** `sb_publishable_…` and `sb_secret_…` (opaqueApiKeys.ts). */
  publishableKey: 'publishableKey',
  secretKey: 'secretKey',
  /**
   * The ES256 anon and service_role tokens Kong passes on for the
   * publishable and secret keys, signed by the current signing key.
   */
  anonKeyAsymmetric: 'anonKeyAsymmetric',
  serviceKeyAsymmetric: 'serviceKeyAsymmetric',
  /**
   * The symmetric secret the components are given instead of the legacy
   * one while legacy keys are off (see componentJwtSecret).
   */
  internalJwtSecret: 'internalJwtSecret',
} as const;

/**
 * What the `<project>-jwt` Secret holds besides the stored keys: values
 * made from them and `spec.apiKeys.legacy`, in the shape each component
 * reads.
 */
export const DERIVED_KEYS = {
  /** The verifiers' JWKS: PostgREST, Realtime, Storage, edge functions. */
  jwks: 'jwks',
  /** Auth's `GOTRUE_JWT_KEYS`: the current key's private part, and the rest. */
  authJwtKeys: 'authJwtKeys',
  /**
   * The symmetric secret in the variables upstream requires one in
   * (Realtime's API_JWT_SECRET, Storage's AUTH_JWT_SECRET, ...): the legacy
   * secret while legacy keys are on; else a secret only the components
   * hold, so no token signed with the legacy secret verifies anywhere.
   */
  componentJwtSecret: 'componentJwtSecret',
  /**
   * The keys the components that call the gateway send (Studio, edge
   * functions): the legacy keys while they are on, as upstream; else the
   * publishable and secret keys.
   */
  clientAnonKey: 'clientAnonKey',
  clientServiceKey: 'clientServiceKey',
} as const;

/** Keys of the `<project>-jwt` Secret. */
export const JWT_SECRET_KEYS = { ...STORED_KEYS, ...DERIVED_KEYS } as const;

/**
 * Keys of the `<project>-roles` Secret: per-component database URLs, and
 * each role's password (see DATABASE_ROLES).
 */
export const ROLES_SECRET_KEYS = {
  authDatabaseUrl: 'authDatabaseUrl',
  restDatabaseUrl: 'restDatabaseUrl',
  storageDatabaseUrl: 'storageDatabaseUrl',
  functionsDatabaseUrl: 'functionsDatabaseUrl',
  supabaseAdminPassword: DATABASE_ROLES.supabase_admin.secretKey,
} as const;

/** The role-password generation, on the `<project>-roles` Secret. */
export const ROLE_PASSWORD_GENERATION_ANNOTATION =
  'supabase.backstage.io/role-password-generation';
/** The fingerprint of the passwords in the `<project>-roles` Secret. */
export const ROLES_VERSION_ANNOTATION = 'supabase.backstage.io/roles-version';
/** The fingerprint of the database the `<project>-roles` URLs point at. */
export const DATABASE_VERSION_ANNOTATION =
  'supabase.backstage.io/database-version';

/** The project's database, read from its Secret (see readDatabaseConnection). */
export interface DatabaseConnection {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
  sslMode: string;
  /** On a server: its maintenance database, from which the project's is created. */
  maintenanceDatabase?: string;
  /** The platform shares the server between owners (isSharedByOwners). */
  sharedByOwners?: boolean;
}

/**
 * A short fingerprint of where a project's data lives (server and
 * database): a new one makes a db-init run there and restarts the
 * components (see dbInitVersion and CredentialVersions).
 */
export function databaseVersion(
  db: Pick<DatabaseConnection, 'host' | 'port' | 'database'>,
): string {
  return createHash('sha256')
    .update(`${db.host}\0${db.port}\0${db.database}`)
    .digest('hex')
    .slice(0, 16);
}

function secret(
  project: ProjectObjectInput,
  owner: AnchorRef,
  name: string,
  component: string,
  values: Record<string, string>,
  annotations?: Record<string, string>,
): V1Secret {
  const data: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) {
    data[key] = Buffer.from(values[key], 'utf8').toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name,
      namespace: project.namespace,
      labels: standardLabels(project.name, component),
      ...(annotations ? { annotations } : {}),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    data,
  };
}

/** A project's generated keys, by their key in the `<project>-jwt` Secret. */
export type ProjectKeys = Record<
  (typeof STORED_KEYS)[keyof typeof STORED_KEYS],
  string
>;

/** True when the store's keys lack some of a complete set (a project from before them). */
export function missingProjectKeys(existing: Record<string, string>): string[] {
  return Object.values(STORED_KEYS).filter(key => !existing[key]);
}

/**
 * A project's complete set of generated keys: values that exist are kept
 * (so this never rotates anything by accident); what is missing is
 * generated, and the API keys are signed with the project's secret and
 * current signing key. `completeProjectKeys({})` is a new set.
 */
export async function completeProjectKeys(
  existing: Record<string, string>,
): Promise<ProjectKeys> {
  const jwtSecret = existing.jwtSecret || generateJwtSecret();
  const signingKeys = existing.signingKeys
    ? parseSigningKeys(existing.signingKeys)
    : [generateSigningKey('current')];
  return {
    [JWT_SECRET_KEYS.signingKeys]: JSON.stringify(signingKeys),
    [JWT_SECRET_KEYS.publishableKey]:
      existing.publishableKey || generateOpaqueApiKey('publishable'),
    [JWT_SECRET_KEYS.secretKey]:
      existing.secretKey || generateOpaqueApiKey('secret'),
    [JWT_SECRET_KEYS.anonKeyAsymmetric]:
      existing.anonKeyAsymmetric ||
      (await signAsymmetricApiKey(signingKeys, 'anon')),
    [JWT_SECRET_KEYS.serviceKeyAsymmetric]:
      existing.serviceKeyAsymmetric ||
      (await signAsymmetricApiKey(signingKeys, 'service_role')),
    [JWT_SECRET_KEYS.internalJwtSecret]:
      existing.internalJwtSecret || generateJwtSecret(),
    [JWT_SECRET_KEYS.jwtSecret]: jwtSecret,
    [JWT_SECRET_KEYS.anonKey]:
      existing.anonKey || (await signApiKey(jwtSecret, 'anon')),
    [JWT_SECRET_KEYS.serviceKey]:
      existing.serviceKey || (await signApiKey(jwtSecret, 'service_role')),
    [JWT_SECRET_KEYS.metaCryptoKey]:
      existing.metaCryptoKey || generateSecretString(24),
    [JWT_SECRET_KEYS.realtimeSecretKeyBase]:
      existing.realtimeSecretKeyBase || generateSecretString(48),
    // Realtime encrypts tenant secrets with it; it needs exactly 16 characters.
    [JWT_SECRET_KEYS.realtimeDbEncKey]:
      existing.realtimeDbEncKey || generateSecretString(12),
    [JWT_SECRET_KEYS.dashboardUsername]:
      existing.dashboardUsername || 'supabase',
    [JWT_SECRET_KEYS.dashboardPassword]:
      existing.dashboardPassword || generateSecretString(18),
  };
}

/**
 * What the components read besides the stored keys (see DERIVED_KEYS):
 * with legacy keys off, the legacy secret is in no verifier's keys and
 * the legacy API keys are in no component's environment.
 */
export function derivedKeyValues(
  project: Pick<ProjectObjectInput, 'spec'>,
  keys: ProjectKeys,
): Record<keyof typeof DERIVED_KEYS, string> {
  const legacy = legacyApiKeysOn(project.spec);
  const signingKeys = parseSigningKeys(keys.signingKeys);
  const legacySecret = legacy ? keys.jwtSecret : undefined;
  return {
    jwks: JSON.stringify(verifierJwks(signingKeys, legacySecret)),
    authJwtKeys: JSON.stringify(authJwtKeys(signingKeys, legacySecret)),
    componentJwtSecret: legacy ? keys.jwtSecret : keys.internalJwtSecret,
    clientAnonKey: legacy ? keys.anonKey : keys.publishableKey,
    clientServiceKey: legacy ? keys.serviceKey : keys.secretKey,
  };
}

/**
 * The complete `<project>-jwt` Secret: the project's keys (see
 * completeProjectKeys for what is missing from `existing`) and what the
 * components read made from them.
 */
export async function buildProjectSecrets(
  project: ProjectObjectInput,
  owner: AnchorRef,
  existing: Record<string, string>,
): Promise<V1Secret> {
  const keys = await completeProjectKeys(existing);
  return secret(project, owner, objectNames(project.name).jwtSecret, 'jwt', {
    ...keys,
    ...derivedKeyValues(project, keys),
  });
}

/** A set of component role passwords with its generation and fingerprint. */
export interface RolePasswordSet {
  generation: number;
  passwords: RolePasswords;
  /** Their fingerprint (rolePasswordsVersion). */
  version: string;
}

/** Each role's password under its Secret key. */
function rolePasswordValues(set: RolePasswordSet): Record<string, string> {
  const values: Record<string, string> = {};
  for (const role of Object.keys(DATABASE_ROLES) as DatabaseRole[]) {
    values[DATABASE_ROLES[role].secretKey] = set.passwords[role];
  }
  return values;
}

function rolePasswordAnnotations(set: RolePasswordSet) {
  return {
    [ROLE_PASSWORD_GENERATION_ANNOTATION]: String(set.generation),
    [ROLES_VERSION_ANNOTATION]: set.version,
  };
}

/**
 * The `<project>-db-init` Secret: the role passwords a db-init run sets.
 * The components read theirs from `<project>-roles`, which gets new
 * passwords only once the database has them, so a failed run never leaves
 * the components with passwords the server does not know.
 */
export function buildDbInitSecret(
  project: ProjectObjectInput,
  owner: AnchorRef,
  set: RolePasswordSet,
): V1Secret {
  return secret(
    project,
    owner,
    objectNames(project.name).dbInit,
    'db-init',
    rolePasswordValues(set),
    rolePasswordAnnotations(set),
  );
}

/**
 * The `<project>-roles` Secret: each component role's password and
 * database URLs for the components that only take a URL, one role each as
 * upstream does. User and password are percent-encoded, so any characters
 * work; the Secret is the only place the URLs exist, and components read
 * them by `secretKeyRef`.
 */
export function buildRolesSecret(
  project: ProjectObjectInput,
  owner: AnchorRef,
  db: DatabaseConnection,
  set: RolePasswordSet,
): V1Secret {
  const { passwords } = set;
  const url = (role: string, password: string) =>
    databaseUrl(db, role, password);
  return secret(
    project,
    owner,
    objectNames(project.name).roles,
    'roles',
    {
      [ROLES_SECRET_KEYS.authDatabaseUrl]: url(
        'supabase_auth_admin',
        passwords.supabase_auth_admin,
      ),
      [ROLES_SECRET_KEYS.restDatabaseUrl]: url(
        'authenticator',
        passwords.authenticator,
      ),
      [ROLES_SECRET_KEYS.storageDatabaseUrl]: url(
        'supabase_storage_admin',
        passwords.supabase_storage_admin,
      ),
      // Edge functions get the database's owner, as upstream gives them its
      // `postgres` user (the SUPABASE_DB_URL functions are written against).
      [ROLES_SECRET_KEYS.functionsDatabaseUrl]: url(db.username, db.password),
      ...rolePasswordValues(set),
    },
    {
      ...rolePasswordAnnotations(set),
      [DATABASE_VERSION_ANNOTATION]: databaseVersion(db),
    },
  );
}

/** The role-password fingerprint a Secret built here carries. */
export function rolesVersionOf(
  built: V1Secret | undefined,
): string | undefined {
  return built?.metadata?.annotations?.[ROLES_VERSION_ANNOTATION];
}

/** The database fingerprint the `<project>-roles` Secret carries. */
export function databaseVersionOf(
  built: V1Secret | undefined,
): string | undefined {
  return built?.metadata?.annotations?.[DATABASE_VERSION_ANNOTATION];
}

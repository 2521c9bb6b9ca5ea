import type { V1Secret } from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { generateJwtSecret, generateSecretString, signApiKey } from './jwt';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

/** Keys of the `<project>-jwt` Secret. */
export const JWT_SECRET_KEYS = {
  jwtSecret: 'jwtSecret',
  anonKey: 'anonKey',
  serviceKey: 'serviceKey',
  metaCryptoKey: 'metaCryptoKey',
  realtimeSecretKeyBase: 'realtimeSecretKeyBase',
  realtimeDbEncKey: 'realtimeDbEncKey',
  dashboardUsername: 'dashboardUsername',
  dashboardPassword: 'dashboardPassword',
} as const;

/** Keys of the `<project>-roles` Secret: per-component database URLs. */
export const ROLES_SECRET_KEYS = {
  authDatabaseUrl: 'authDatabaseUrl',
  restDatabaseUrl: 'restDatabaseUrl',
  storageDatabaseUrl: 'storageDatabaseUrl',
  functionsDatabaseUrl: 'functionsDatabaseUrl',
} as const;

/** The user's database, read from its Secret. */
export interface DatabaseConnection {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
  sslMode: string;
}

function secret(
  project: ProjectObjectInput,
  owner: AnchorRef,
  name: string,
  component: string,
  values: Record<string, string>,
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
      ownerReferences: [ownerReferenceTo(owner)],
    },
    data,
  };
}

/**
 * The `<project>-jwt` Secret with only the signing secret: the db-init Job
 * needs it (02-jwt.sql) before the other keys exist.
 */
export function buildJwtSigningSecret(
  project: ProjectObjectInput,
  owner: AnchorRef,
): V1Secret {
  return secret(project, owner, objectNames(project.name).jwtSecret, 'jwt', {
    [JWT_SECRET_KEYS.jwtSecret]: generateJwtSecret(),
  });
}

/**
 * The complete `<project>-jwt` Secret. Values that exist are kept (so this
 * is idempotent and never rotates anything by accident); what is missing is
 * generated, and the API keys are signed with the project's secret.
 */
export async function buildProjectSecrets(
  project: ProjectObjectInput,
  owner: AnchorRef,
  existing: Record<string, string>,
): Promise<V1Secret> {
  const jwtSecret = existing.jwtSecret || generateJwtSecret();
  const values: Record<string, string> = {
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
  return secret(
    project,
    owner,
    objectNames(project.name).jwtSecret,
    'jwt',
    values,
  );
}

/**
 * The `<project>-roles` Secret: database URLs for the components that only
 * take a URL, one role each as upstream does. User and password are
 * percent-encoded, so any characters work; the Secret is the only place the
 * URLs exist, and components read them by `secretKeyRef`.
 */
export function buildConnectionSecret(
  project: ProjectObjectInput,
  owner: AnchorRef,
  db: DatabaseConnection,
): V1Secret {
  const url = (role: string) =>
    `postgres://${encodeURIComponent(role)}:${encodeURIComponent(
      db.password,
    )}@${db.host.includes(':') ? `[${db.host}]` : db.host}:${
      db.port
    }/${encodeURIComponent(db.database)}?sslmode=${encodeURIComponent(
      db.sslMode,
    )}`;
  return secret(project, owner, objectNames(project.name).roles, 'roles', {
    [ROLES_SECRET_KEYS.authDatabaseUrl]: url('supabase_auth_admin'),
    [ROLES_SECRET_KEYS.restDatabaseUrl]: url('authenticator'),
    [ROLES_SECRET_KEYS.storageDatabaseUrl]: url('supabase_storage_admin'),
    // Edge functions get the database's owner, as upstream gives them its
    // `postgres` user (the SUPABASE_DB_URL functions are written against).
    [ROLES_SECRET_KEYS.functionsDatabaseUrl]: url(db.username),
  });
}

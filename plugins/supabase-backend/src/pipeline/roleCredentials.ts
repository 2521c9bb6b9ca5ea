import type { V1Secret } from '@kubernetes/client-node';
import {
  DEFAULT_MAINTENANCE_DATABASE,
  databaseSecretOf,
  projectDatabaseName,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import {
  DatabaseConnection,
  RolePasswords,
  credentialsKey,
  deriveRolePasswords,
  isSharedByOwners,
  rolePasswordsVersion,
} from '../resources';
import { secretData } from './secretData';

/** The component roles' passwords a project should have now. */
export interface RoleCredentials {
  connection: DatabaseConnection;
  generation: number;
  passwords: RolePasswords;
  /** Their fingerprint (rolePasswordsVersion). */
  version: string;
}

/**
 * The project's database as its Secret names it, or, on a server, the
 * database the plugin creates there; undefined when the Secret is gone.
 */
export async function readDatabaseConnection(
  cluster: ClusterClient,
  project: ProjectRecord,
): Promise<DatabaseConnection | undefined> {
  const { secretRef, kind } = databaseSecretOf(project.spec.database);
  const database = await cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: secretRef,
  });
  if (!database) return undefined;
  const db = secretData(database);
  return {
    host: db.host,
    port: db.port,
    database: kind === 'server' ? projectDatabaseName(project) : db.database,
    ...(kind === 'server'
      ? {
          maintenanceDatabase: db.database || DEFAULT_MAINTENANCE_DATABASE,
        }
      : {}),
    username: db.username,
    password: db.password,
    sslMode: project.spec.database.sslMode ?? 'require',
    sharedByOwners: isSharedByOwners(database),
  };
}

/**
 * The role passwords a project should have now: derived from its database
 * Secret's credentials and those credentials' generation in the store. A
 * new admin password or a rotation, also one made from another project
 * with the same credentials, changes the version, and the pipeline follows.
 * Undefined when the database Secret is gone.
 */
export async function readRoleCredentials(
  ctx: { cluster: ClusterClient; store: ProjectStore },
  project: ProjectRecord,
): Promise<RoleCredentials | undefined> {
  const connection = await readDatabaseConnection(ctx.cluster, project);
  if (!connection) return undefined;
  const generation = await ctx.store.getRolePasswordGeneration(
    credentialsKey(connection),
  );
  const passwords = deriveRolePasswords(connection, generation);
  return {
    connection,
    generation,
    passwords,
    version: rolePasswordsVersion(passwords),
  };
}

/** The Failed step for a database Secret that went away after validation. */
export function databaseSecretGone(project: ProjectRecord) {
  return {
    next: {
      to: 'Failed' as const,
      reason: 'DependencyInvalid',
      message: `${describeDatabaseSecret(
        project,
      )} disappeared. Create it again and retry.`,
    },
  };
}

/** `The database Secret "ns/name"` or `The server Secret "ns/name"`, for messages. */
export function describeDatabaseSecret(project: {
  namespace: string;
  spec: ProjectRecord['spec'];
}): string {
  const { secretRef, kind } = databaseSecretOf(project.spec.database);
  return `The ${kind} Secret "${project.namespace}/${secretRef}"`;
}

import type { V1Secret } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import {
  DatabaseConnection,
  credentialsKey,
  deriveRolePasswords,
  rolePasswordsVersion,
} from '../resources';
import { secretData } from './secretData';
import { PipelineContext } from './types';

/** What the project's component roles' passwords are made from, and their fingerprint. */
export interface RoleCredentials {
  connection: DatabaseConnection;
  generation: number;
  version: string;
}

/**
 * The role passwords a project should have now: derived from its database
 * Secret's credentials at those credentials' generation in the store (0
 * before the first rotation). A new admin password or a rotation, also one
 * made from another project with the same credentials, changes the version,
 * and the pipeline follows. Undefined when the database Secret is gone.
 */
export async function readRoleCredentials(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<RoleCredentials | undefined> {
  const database = await ctx.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: project.spec.database.secretRef,
  });
  if (!database) return undefined;
  const db = secretData(database);
  const connection: DatabaseConnection = {
    host: db.host,
    port: db.port,
    database: db.database,
    username: db.username,
    password: db.password,
    sslMode: project.spec.database.sslMode ?? 'require',
  };
  const generation = await ctx.store.getRolePasswordGeneration(
    credentialsKey(connection),
  );
  return {
    connection,
    generation,
    version: rolePasswordsVersion(deriveRolePasswords(connection, generation)),
  };
}

/** The Failed step for a database Secret that went away after validation. */
export function databaseSecretGone(project: ProjectRecord) {
  return {
    next: {
      to: 'Failed' as const,
      reason: 'DependencyInvalid',
      message: `The database Secret "${project.namespace}/${project.spec.database.secretRef}" disappeared. Create it again and retry.`,
    },
  };
}

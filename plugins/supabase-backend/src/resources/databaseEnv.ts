import type { V1EnvVar } from '@kubernetes/client-node';
import {
  databaseSecretOf,
  projectDatabaseName,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectObjectInput } from './types';

/**
 * An environment variable with the project's database: from its Secret
 * (the database's, or the server's) by `secretKeyRef`, except the name of a
 * database the plugin creates, which is derived from the project and no
 * secret (the server Secret's `database` is the maintenance database).
 */
export function databaseEnvVar(
  project: ProjectObjectInput,
  name: string,
  key: string,
): V1EnvVar {
  const { secretRef, kind } = databaseSecretOf(project.spec.database);
  if (kind === 'server' && key === 'database') {
    return { name, value: projectDatabaseName(project) };
  }
  return { name, valueFrom: { secretKeyRef: { name: secretRef, key } } };
}

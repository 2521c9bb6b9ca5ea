import type { V1ConfigMap } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { CredentialVersions } from '../resources';
import { dbInitVersion } from './dbInitVersion';
import { PipelineContext } from './types';

/**
 * The db-init version a project should have applied now: the shipped SQL
 * set, its custom scripts as the cluster holds them, its JWT settings
 * (`keysVersion`: see keysVersion.ts) and its role passwords (`rolesVersion`:
 * see roleCredentials.ts).
 */
export async function currentDbInitVersion(
  ctx: PipelineContext,
  project: ProjectRecord,
  credentials: CredentialVersions,
): Promise<string> {
  const customName = project.spec.dbInit?.customSqlConfigMap;
  const custom = customName
    ? await ctx.cluster.get<V1ConfigMap>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: project.namespace,
        name: customName,
      })
    : undefined;
  return dbInitVersion(ctx.sqlSet, custom, {
    keysVersion: credentials.keysVersion,
    rolesVersion: credentials.rolesVersion,
    databaseVersion: credentials.databaseVersion,
    jwtExpirySeconds: project.spec.jwt?.expirySeconds ?? 3600,
  });
}

import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { objectNames, signingSecretVersion } from '../resources';
import { dbInitVersion } from './dbInitVersion';
import { secretData } from './secretData';
import { PipelineContext } from './types';

/**
 * The db-init version a project should have applied now: the shipped SQL
 * set, its custom scripts and its JWT settings, as the cluster holds them.
 */
export async function currentDbInitVersion(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<string> {
  const customName = project.spec.dbInit?.customSqlConfigMap;
  const [custom, keys] = await Promise.all([
    customName
      ? ctx.cluster.get<V1ConfigMap>({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: project.namespace,
          name: customName,
        })
      : undefined,
    ctx.cluster.get<V1Secret>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: project.namespace,
      name: objectNames(project.name).jwtSecret,
    }),
  ]);
  const jwtSecret = keys ? secretData(keys).jwtSecret : undefined;
  return dbInitVersion(ctx.sqlSet, custom, {
    keysVersion: jwtSecret ? signingSecretVersion(jwtSecret) : undefined,
    jwtExpirySeconds: project.spec.jwt?.expirySeconds ?? 3600,
  });
}

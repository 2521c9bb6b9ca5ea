import type { V1ConfigMap } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import {
  AnchorRef,
  SQL_VERSION_ANNOTATION,
  buildDbInitConfigMap,
} from '../resources';
import { PipelineContext } from './types';

/**
 * Makes sure the `<project>-db-init` ConfigMap holds the SQL set and runner
 * this backend ships, which the Jobs that run run-migrations.sh mount.
 */
export async function ensureDbInitConfigMap(
  ctx: PipelineContext,
  project: ProjectRecord,
  owner: AnchorRef,
): Promise<void> {
  const configMap = buildDbInitConfigMap(project, owner, ctx.sqlSet);
  const existing = await ctx.cluster.ensure<V1ConfigMap>(configMap);
  if (
    !existing.created &&
    existing.object.metadata?.annotations?.[SQL_VERSION_ANNOTATION] !==
      configMap.metadata?.annotations?.[SQL_VERSION_ANNOTATION]
  ) {
    // The SQL set changed since the ConfigMap was written: bring it up to date.
    configMap.metadata!.resourceVersion =
      existing.object.metadata?.resourceVersion;
    await ctx.cluster.replace(configMap);
  }
}

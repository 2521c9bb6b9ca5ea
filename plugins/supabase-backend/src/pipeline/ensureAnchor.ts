import type { V1ConfigMap } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { AnchorRef, buildAnchor } from '../resources';
import { PipelineContext } from './types';

/**
 * Makes sure the project's anchor ConfigMap exists and returns it as the
 * owner of everything else, so deleting the anchor garbage-collects the lot.
 */
export async function ensureAnchor(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<AnchorRef> {
  const { object } = await ctx.cluster.ensure<V1ConfigMap>(
    buildAnchor(project),
  );
  return { name: object.metadata!.name!, uid: object.metadata!.uid! };
}

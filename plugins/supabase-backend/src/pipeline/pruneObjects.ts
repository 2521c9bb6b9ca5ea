import { projectSelector } from '../resources/labels';
import type { KubernetesObject } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { PipelineContext } from './types';

/** Kinds whose objects come and go with the spec (components, the Ingress). */
const PRUNED_KINDS: Array<[apiVersion: string, kind: string]> = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['networking.k8s.io/v1', 'Ingress'],
];

/**
 * Deletes the project's objects of those kinds that the spec no longer asks
 * for: a component switched off, an Ingress removed. Returns what went.
 */
export async function pruneObjects(
  ctx: PipelineContext,
  project: ProjectRecord,
  desired: KubernetesObject[],
): Promise<string[]> {
  const wanted = new Set(desired.map(o => `${o.kind}/${o.metadata?.name}`));
  const removed: string[] = [];
  for (const [apiVersion, kind] of PRUNED_KINDS) {
    const found = await ctx.cluster.list(
      apiVersion,
      kind,
      project.namespace,
      projectSelector(project.name),
    );
    for (const object of found) {
      const name = object.metadata?.name;
      if (!name || wanted.has(`${kind}/${name}`)) continue;
      await ctx.cluster.delete(
        { apiVersion, kind, namespace: project.namespace, name },
        'Background',
      );
      removed.push(`${kind} ${name}`);
    }
  }
  return removed;
}

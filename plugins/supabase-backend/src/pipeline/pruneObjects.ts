import { COMPONENT_LABEL, projectSelector } from '../resources/labels';
import type { KubernetesObject } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { PipelineContext } from './types';

/**
 * Kinds whose objects come and go with the spec (components, the Ingress);
 * of the ConfigMaps only the edge functions' does (the anchor, db-init and
 * kong ConfigMaps stay while the project exists).
 */
const PRUNED_KINDS: Array<
  [apiVersion: string, kind: string, component?: string]
> = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['v1', 'ConfigMap', 'functions'],
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
  for (const [apiVersion, kind, component] of PRUNED_KINDS) {
    const selector = projectSelector(project.name);
    const found = await ctx.cluster.list(
      apiVersion,
      kind,
      project.namespace,
      component ? `${selector},${COMPONENT_LABEL}=${component}` : selector,
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

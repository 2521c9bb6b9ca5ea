import type { KubernetesObject } from '@kubernetes/client-node';
import { objectNames, projectSelector } from '../../resources';
import { releaseDatabaseClaim } from '../releaseDatabaseClaim';
import { PhaseStep } from '../types';

/** Every kind the plugin creates, in the order they are removed. */
const OWNED_KINDS: Array<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
];

/** How often to look while Kubernetes finishes deleting. */
const DELETE_POLL_MS = 500;

/** How often to look while the claim release runs. */
const RELEASE_POLL_MS = 1000;

/**
 * Deleting: releases the project's claim on its database, whose data stay
 * (releaseDatabaseClaim), then removes the anchor (garbage collection takes
 * its dependents) and, as a safety net, everything carrying the project's
 * labels. The project's rows go only when nothing is left on the cluster.
 */
export const deleteProject: PhaseStep = async (ctx, project) => {
  if ((await releaseDatabaseClaim(ctx, project)) === 'waiting') {
    return { requeueAfterMs: RELEASE_POLL_MS };
  }
  const names = objectNames(project.name);
  await ctx.cluster.delete(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: project.namespace,
      name: names.anchor,
    },
    'Background',
  );
  let remaining = 0;
  for (const { apiVersion, kind } of OWNED_KINDS) {
    const objects = await ctx.cluster.list<KubernetesObject>(
      apiVersion,
      kind,
      project.namespace,
      projectSelector(project.name),
    );
    for (const object of objects) {
      remaining++;
      if (object.metadata?.deletionTimestamp) continue;
      await ctx.cluster.delete(
        {
          apiVersion,
          kind,
          namespace: project.namespace,
          name: object.metadata!.name!,
        },
        'Background',
      );
    }
  }
  if (remaining > 0) return { requeueAfterMs: DELETE_POLL_MS };
  await ctx.keys.delete(project.uid);
  await ctx.store.deleteProject(project.uid);
  ctx.logger.info(`Deleted project ${project.namespace}/${project.name}`);
  return {};
};

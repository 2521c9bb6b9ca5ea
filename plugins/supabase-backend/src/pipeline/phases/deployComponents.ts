import type { V1Secret } from '@kubernetes/client-node';
import { ProjectRecord } from '../../database/ProjectStore';
import {
  CredentialVersions,
  buildComponentObjects,
  objectNames,
  projectEndpoints,
  publicKeys,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import {
  allAvailable,
  componentStatuses,
  describeUnavailable,
} from '../componentStatuses';
import { ensureAnchor } from '../ensureAnchor';
import { readComponentCredentialVersions } from '../credentialVersions';
import { pruneObjects } from '../pruneObjects';
import { secretData } from '../secretData';
import { PhaseStep, PipelineContext } from '../types';

/**
 * DeployingComponents: Deployments and Services for every component, then a
 * health check: Running only once every Deployment reports Available.
 */
export const deployComponents: PhaseStep = async (ctx, project) => {
  const statuses = await rollOut(
    ctx,
    project,
    await readComponentCredentialVersions(ctx, project),
  );
  if (allAvailable(statuses)) {
    // What runs now is this generation of the spec.
    await ctx.store.updateProject(project.uid, {
      observedGeneration: project.generation,
    });
    await ctx.store.updateStatus(project.uid, {
      ...(await publicStatus(ctx, project)),
      components: statuses,
      warnings: project.warnings,
    });
    return {
      next: {
        to: 'Running',
        reason: 'ComponentsAvailable',
        message: `All ${
          statuses.filter(s => s.state !== 'Disabled').length
        } components are available`,
      },
    };
  }
  await ctx.store.updateStatus(project.uid, {
    endpoints: project.endpoints,
    anonKey: project.anonKey,
    publishableKey: project.publishableKey,
    components: statuses,
    warnings: project.warnings,
  });
  const elapsed = Date.now() - new Date(project.phaseChangedAt).getTime();
  const remaining = ctx.settings.componentTimeoutMs - elapsed;
  if (remaining <= 0) {
    return {
      next: {
        to: 'Failed',
        reason: 'ComponentsUnavailable',
        message: `Not available after ${Math.round(
          ctx.settings.componentTimeoutMs / 1000,
        )} s: ${describeUnavailable(statuses)}`,
      },
    };
  }
  return { requeueAfterMs: remaining };
};

/** Applies every component object and reads back how they are doing. */
export async function rollOut(
  ctx: PipelineContext,
  project: ProjectRecord,
  credentials: CredentialVersions,
) {
  const owner = await ensureAnchor(ctx, project);
  const objects = buildComponentObjects(project, owner, credentials);
  const applied = await applyObjects(ctx, objects);
  const removed = await pruneObjects(ctx, project, objects);
  if (removed.length > 0) {
    await ctx.store.addEvent(project.uid, {
      reason: 'ObjectsRemoved',
      message: `No longer in the spec, removed: ${removed.join(', ')}`,
    });
  }
  // While a changed spec rolls out, what is created is the update's doing.
  const rolling = (project.observedGeneration ?? 0) < project.generation;
  if (project.phase === 'Running' && !rolling && applied.created.length > 0) {
    await ctx.store.addEvent(project.uid, {
      reason: 'DriftRepaired',
      message: `Recreated what had gone missing: ${applied.created.join(', ')}`,
    });
  }
  return componentStatuses(ctx, project);
}

/** Endpoints and the public keys (publishable, and anon while legacy keys are on). */
async function publicStatus(ctx: PipelineContext, project: ProjectRecord) {
  const secret = await ctx.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: objectNames(project.name).jwtSecret,
  });
  return {
    endpoints: projectEndpoints(project),
    ...publicKeys(project.spec, secret ? secretData(secret) : {}),
  };
}

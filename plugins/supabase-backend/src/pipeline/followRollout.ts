import { ComponentStatus } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { allAvailable, describeUnavailable } from './componentStatuses';
import { PipelineContext, StepResult } from './types';

/**
 * The events that start a rollout: a spec change, and each step of a
 * signing-key rotation (which moves the generation on too).
 */
export const ROLLOUT_REASONS = [
  'SpecChanged',
  'SigningKeyCreated',
  'SigningKeyMadeCurrent',
  'SigningKeyRevoked',
];

/** When the rollout of the current generation began: its event. */
async function rolloutStartedAt(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<number> {
  const events = await ctx.store.listEvents(project.uid);
  const changed = events.filter(e => ROLLOUT_REASONS.includes(e.reason)).pop();
  return new Date(changed?.createdAt ?? project.phaseChangedAt).getTime();
}

/**
 * Follows the rollout of a changed spec on a Running project: done once
 * every Deployment has all its pods on the new template and available;
 * failed (and said so on the timeline) after the component timeout. A
 * Deployment keeps its old pods until the new ones are available, so a
 * failed rollout never takes down what was running.
 */
export async function followRollout(
  ctx: PipelineContext,
  project: ProjectRecord,
  statuses: ComponentStatus[],
): Promise<StepResult> {
  const generation = project.generation;
  if (allAvailable(statuses)) {
    await ctx.store.updateProject(project.uid, {
      observedGeneration: generation,
    });
    await ctx.store.addEvent(project.uid, {
      reason: 'RolloutComplete',
      message: `Generation ${generation} is rolled out: every component is available`,
    });
    return {};
  }
  const started = await rolloutStartedAt(ctx, project);
  const remaining = started + ctx.settings.componentTimeoutMs - Date.now();
  if (remaining > 0) return { requeueAfterMs: remaining };
  await ctx.store.updateProject(project.uid, {
    observedGeneration: generation,
  });
  await ctx.store.addEvent(project.uid, {
    reason: 'RolloutFailed',
    message: `Generation ${generation} was not available after ${Math.round(
      ctx.settings.componentTimeoutMs / 1000,
    )} s: ${describeUnavailable(
      statuses,
    )}. The pods from before keep serving; correct the spec and update again.`,
  });
  return {};
}

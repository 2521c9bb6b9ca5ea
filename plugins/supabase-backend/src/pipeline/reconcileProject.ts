import { ProjectPhase } from '@supabase-backstage/plugin-supabase-common';
import { deleteProject } from './phases/deleteProject';
import { deployComponents } from './phases/deployComponents';
import { deploySecrets } from './phases/deploySecrets';
import { initializeDatabase } from './phases/initializeDatabase';
import { keepRunning } from './phases/keepRunning';
import { validateDependencies } from './phases/validateDependencies';
import { PhaseStep, PipelineContext } from './types';

const accept: PhaseStep = async () => ({
  next: {
    to: 'ValidatingDependencies',
    reason: 'Accepted',
    message: 'Accepted for provisioning',
  },
});

/** Failed waits for a retry request; nothing happens on its own. */
const waitForRetry: PhaseStep = async () => ({});

const STEPS: Record<ProjectPhase, PhaseStep> = {
  Pending: accept,
  ValidatingDependencies: validateDependencies,
  InitializingDatabase: initializeDatabase,
  DeployingSecrets: deploySecrets,
  DeployingComponents: deployComponents,
  Running: keepRunning,
  Failed: waitForRetry,
  Deleting: deleteProject,
};

/** Phase changes one reconcile may make before it yields to other projects. */
const MAX_STEPS_PER_RECONCILE = 8;

/** What a reconcile wants next. */
export interface ReconcileOutcome {
  /** The project changed (phase or status) and watchers should hear of it. */
  changed: boolean;
  /** Reconcile again after this long even if nothing wakes us up. */
  requeueAfterMs?: number;
  /** The project no longer exists. */
  deleted: boolean;
}

/**
 * Level-triggered reconciliation of one project: read what the store and the
 * cluster hold and do the next step, as many steps as can be done now.
 * Idempotent: running it twice, or after a crash, repeats no side effect
 * that matters, because every step checks before it acts and every phase
 * change is conditional on the phase it started from.
 */
export async function reconcileProject(
  ctx: PipelineContext,
  uid: string,
): Promise<ReconcileOutcome> {
  let changed = false;
  for (let i = 0; i < MAX_STEPS_PER_RECONCILE; i++) {
    const project = await ctx.store.getProjectByUid(uid);
    if (!project) return { changed: true, deleted: true };
    const before = project.updatedAt;
    // Only InitializingDatabase waits for a database server (0023).
    if (project.phase !== 'InitializingDatabase') {
      ctx.serverLines.leave(uid);
    }
    const result = await STEPS[project.phase](ctx, project);
    if (!result.next) {
      const after = await ctx.store.getProjectByUid(uid);
      if (!after) return { changed: true, deleted: true };
      return {
        changed: changed || after.updatedAt !== before,
        requeueAfterMs: result.requeueAfterMs,
        deleted: false,
      };
    }
    const moved = await ctx.store.transition(uid, {
      from: project.phase,
      ...result.next,
    });
    if (moved) {
      changed = true;
      ctx.logger.info(
        `Project ${project.namespace}/${project.name}: ${project.phase} → ${result.next.to} (${result.next.reason})`,
      );
    }
  }
  return { changed, requeueAfterMs: 0, deleted: false };
}

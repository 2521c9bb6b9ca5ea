import {
  PROVISIONING_PHASES,
  ProjectEvent,
  ProjectPhase,
  ProvisioningPhase,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';

/**
 * - `done`: the phase was passed (Running counts as done once reached);
 * - `active`: the project is in it now;
 * - `failed`: the project failed in it;
 * - `interrupted`: deletion started while the project was in it;
 * - `pending`: not reached (in the current provisioning cycle).
 */
export type TimelineState =
  | 'done'
  | 'active'
  | 'failed'
  | 'interrupted'
  | 'pending';

export interface TimelineEntry {
  phase: ProvisioningPhase | 'Deleting';
  state: TimelineState;
  startedAt?: string;
  /** When the next phase started (or the failure happened). */
  endedAt?: string;
  reason?: string;
  /**
   * For `done`, how the phase ended (the message of the change that left
   * it, e.g. "8 files applied"); otherwise its newest message; for
   * `failed`, the failure.
   */
  message?: string;
}

/** Consecutive events in one phase: the phase was entered once. */
interface PhaseRun {
  phase: ProjectPhase;
  first: ProjectEvent;
  last: ProjectEvent;
  /** The first event of the next run. */
  next?: ProjectEvent;
}

function toRuns(events: ProjectEvent[]): PhaseRun[] {
  const runs: PhaseRun[] = [];
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const current = runs[runs.length - 1];
    if (current && current.phase === event.phase) {
      current.last = event;
    } else {
      if (current) {
        current.next = event;
      }
      runs.push({ phase: event.phase, first: event, last: event });
    }
  }
  return runs;
}

function lastRunOf(
  runs: PhaseRun[],
  phase: ProjectPhase,
  before = runs.length,
): PhaseRun | undefined {
  for (let i = before - 1; i >= 0; i--) {
    if (runs[i].phase === phase) {
      return runs[i];
    }
  }
  return undefined;
}

function isProvisioning(phase: ProjectPhase): phase is ProvisioningPhase {
  return (PROVISIONING_PHASES as readonly string[]).includes(phase);
}

function entryFrom(
  phase: ProvisioningPhase | 'Deleting',
  state: TimelineState,
  run: PhaseRun | undefined,
): TimelineEntry {
  // A change of phase says how the phase it leaves ended.
  const outcome = state === 'done' && run?.next ? run.next : run?.last;
  return {
    phase,
    state,
    startedAt: run?.first.createdAt,
    endedAt: state === 'active' ? undefined : run?.next?.createdAt,
    reason: outcome?.reason,
    message: outcome?.message || undefined,
  };
}

/**
 * Every provisioning phase in order, with what the project's events say about
 * it in the current provisioning cycle, plus Deleting once deletion started.
 * A retry re-enters earlier phases; each phase shows its latest entry.
 */
export function buildTimeline(
  events: ProjectEvent[],
  project: Pick<SupabaseProject, 'phase' | 'message' | 'phaseChangedAt'>,
): TimelineEntry[] {
  const runs = toRuns(events);
  const deletingIndex = runs.findIndex(run => run.phase === 'Deleting');
  const deleting = project.phase === 'Deleting' || deletingIndex !== -1;
  // What the project was doing before deletion started.
  const beforeDeletion = deletingIndex === -1 ? runs.length : deletingIndex;
  const effective: ProjectPhase =
    project.phase !== 'Deleting'
      ? project.phase
      : runs
          .slice(0, beforeDeletion)
          .reverse()
          .find(run => run.phase !== 'Deleting')?.phase ?? 'Pending';

  const failed = effective === 'Failed';
  const failedRun = failed
    ? lastRunOf(runs, 'Failed', beforeDeletion)
    : undefined;
  // Where the cycle stopped: for a failure, the phase it failed in.
  const stopPhase: ProvisioningPhase = failed
    ? runs
        .slice(0, failedRun ? runs.indexOf(failedRun) : beforeDeletion)
        .reverse()
        .map(run => run.phase)
        .find(isProvisioning) ?? 'Pending'
    : (isProvisioning(effective) && effective) || 'Pending';
  const stopIndex = PROVISIONING_PHASES.indexOf(stopPhase);

  const entries = PROVISIONING_PHASES.map((phase, index): TimelineEntry => {
    const run = lastRunOf(runs, phase, beforeDeletion);
    if (index < stopIndex) {
      return entryFrom(phase, 'done', run);
    }
    if (index > stopIndex) {
      return { phase, state: 'pending' };
    }
    if (failed) {
      return {
        ...entryFrom(phase, 'failed', run),
        endedAt: failedRun?.first.createdAt ?? project.phaseChangedAt,
        reason: failedRun?.last.reason,
        message: failedRun?.last.message || project.message,
      };
    }
    if (phase === 'Running') {
      return entryFrom(phase, 'done', run);
    }
    const state = deleting ? 'interrupted' : 'active';
    const entry = entryFrom(phase, state, run);
    return {
      ...entry,
      startedAt: entry.startedAt ?? project.phaseChangedAt,
      endedAt: deleting ? runs[deletingIndex]?.first.createdAt : undefined,
    };
  });

  if (deleting) {
    const run = lastRunOf(runs, 'Deleting');
    entries.push({
      ...entryFrom('Deleting', 'active', run),
      startedAt: run?.first.createdAt ?? project.phaseChangedAt,
    });
  }
  return entries;
}

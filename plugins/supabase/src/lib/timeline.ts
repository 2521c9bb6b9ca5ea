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

/**
 * How a Running project's changes read on the timeline: events that report
 * something happening in a phase rather than the phase's own progress.
 */
const ACTIVITY_REASONS: Record<
  string,
  { label: string; severity: TimelineActivity['severity'] }
> = {
  SpecChanged: { label: 'Spec changed', severity: 'info' },
  RolloutComplete: { label: 'Rollout complete', severity: 'info' },
  RolloutFailed: { label: 'Rollout failed', severity: 'warning' },
  ObjectsRemoved: { label: 'Objects removed', severity: 'info' },
  DriftRepaired: { label: 'Drift repaired', severity: 'info' },
  ComponentsDegraded: { label: 'Components degraded', severity: 'warning' },
};

/** How many changes an entry lists, newest kept. */
export const MAX_ACTIVITY = 5;

/** A change reported while a phase lasted (an update and its rollout, ...). */
export interface TimelineActivity {
  id: number;
  reason: string;
  /** The reason in words, e.g. "Rollout failed". */
  label: string;
  message: string;
  createdAt: string;
  /** `warning` for what needs a look, e.g. a rollout that failed. */
  severity: 'info' | 'warning';
}

/** Whether an event reports a change rather than the progress of its phase. */
export function isActivityEvent(event: Pick<ProjectEvent, 'reason'>) {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_REASONS, event.reason);
}

function toActivity(event: ProjectEvent): TimelineActivity {
  const { label, severity } = ACTIVITY_REASONS[event.reason];
  return {
    id: event.id,
    reason: event.reason,
    label,
    message: event.message,
    createdAt: event.createdAt,
    severity,
  };
}

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
  /** Changes reported while in the phase (oldest first, the newest few). */
  activity?: TimelineActivity[];
}

/** Consecutive events in one phase: the phase was entered once. */
interface PhaseRun {
  phase: ProjectPhase;
  first: ProjectEvent;
  last: ProjectEvent;
  /** The newest event about the phase's progress (not an activity). */
  status: ProjectEvent;
  activity: ProjectEvent[];
  /** The first event of the next run. */
  next?: ProjectEvent;
}

function toRuns(events: ProjectEvent[]): PhaseRun[] {
  const runs: PhaseRun[] = [];
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const current = runs[runs.length - 1];
    if (current && current.phase === event.phase) {
      current.last = event;
      if (isActivityEvent(event)) {
        current.activity.push(event);
      } else {
        current.status = event;
      }
    } else {
      if (current) {
        current.next = event;
      }
      runs.push({
        phase: event.phase,
        first: event,
        last: event,
        status: event,
        activity: [],
      });
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
  // Changes reported meanwhile (an update, its rollout) are listed apart.
  const outcome = state === 'done' && run?.next ? run.next : run?.status;
  return {
    phase,
    state,
    startedAt: run?.first.createdAt,
    endedAt: state === 'active' ? undefined : run?.next?.createdAt,
    reason: outcome?.reason,
    message: outcome?.message || undefined,
    ...activityOf(run),
  };
}

function activityOf(
  run: PhaseRun | undefined,
): Pick<TimelineEntry, 'activity'> {
  if (!run || run.activity.length === 0) {
    return {};
  }
  return { activity: run.activity.slice(-MAX_ACTIVITY).map(toActivity) };
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
        reason: failedRun?.status.reason,
        message: failedRun?.status.message || project.message,
        // A Failed project can be updated before it is retried.
        ...activityOf(failedRun),
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

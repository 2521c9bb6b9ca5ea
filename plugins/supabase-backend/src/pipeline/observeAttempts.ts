import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { AttemptObservation } from '../database/ProjectStore';

/** Container waiting reasons Kubernetes never recovers from by itself. */
export const STUCK_WAITING_REASONS = [
  'CreateContainerConfigError',
  'InvalidImageName',
  'ErrImageNeverPull',
];

/**
 * The pods of a Job in creation order, as attempts 1, 2, ... With
 * `restartPolicy: Never` every attempt is its own pod with its own log.
 */
export function observeAttempts(
  job: V1Job,
  pods: V1Pod[],
): AttemptObservation[] {
  const jobUid = job.metadata?.uid;
  return pods
    .filter(pod =>
      pod.metadata?.ownerReferences?.some(ref => ref.uid === jobUid),
    )
    .sort(
      (a, b) =>
        time(a.metadata?.creationTimestamp) -
          time(b.metadata?.creationTimestamp) ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    )
    .map((pod, index) => observePod(pod, index + 1));
}

function observePod(pod: V1Pod, attempt: number): AttemptObservation {
  const container = pod.status?.containerStatuses?.[0];
  const terminated = container?.state?.terminated;
  const waiting = container?.state?.waiting;
  let state: AttemptObservation['state'] = 'Pending';
  if (pod.status?.phase === 'Succeeded') state = 'Succeeded';
  else if (pod.status?.phase === 'Failed') state = 'Failed';
  else if (pod.status?.phase === 'Running') state = 'Running';
  return {
    attempt,
    podName: pod.metadata!.name!,
    state,
    startedAt: iso(pod.status?.startTime),
    finishedAt: iso(terminated?.finishedAt),
    exitCode: terminated?.exitCode,
    reason: terminated?.reason ?? waiting?.reason,
    message: terminated?.message ?? waiting?.message,
  };
}

function time(value: unknown): number {
  return value ? new Date(value as string).getTime() : 0;
}

function iso(value: unknown): string | undefined {
  return value ? new Date(value as string).toISOString() : undefined;
}

/** The Job's terminal condition, if it has one. */
export function jobOutcome(
  job: V1Job,
):
  | { state: 'Succeeded' | 'Failed'; reason?: string; message?: string }
  | undefined {
  for (const condition of job.status?.conditions ?? []) {
    if (condition.status !== 'True') continue;
    if (condition.type === 'Complete') return { state: 'Succeeded' };
    // FailureTarget: Kubernetes decided the Job failed (a podFailurePolicy
    // FailJob rule, say) and is terminating its pods; Failed follows.
    if (condition.type === 'Failed' || condition.type === 'FailureTarget') {
      return {
        state: 'Failed',
        reason: condition.reason,
        message: condition.message,
      };
    }
  }
  return undefined;
}

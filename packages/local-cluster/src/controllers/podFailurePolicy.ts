/**
 * Matching a failed pod against a Job's `spec.podFailurePolicy`, as the Job
 * controller does it (pkg/controller/job/pod_failure_policy.go): the rules
 * are tried in order and the first one that matches decides.
 */
import type { KubeObject } from '../types';

export type PodFailureAction = 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';

export interface PodFailureMatch {
  /** The matched rule's action; undefined when no rule matched (Count). */
  action?: PodFailureAction;
  /** Whether the failure counts against `backoffLimit` (false for Ignore). */
  countsAsFailure: boolean;
  /** For FailJob: the message of the Job's FailureTarget/Failed conditions. */
  failJobMessage?: string;
}

interface ExitCodesRequirement {
  containerName?: string;
  operator?: string;
  values?: number[];
}

interface ConditionPattern {
  type?: string;
  status?: string;
}

interface Rule {
  action?: string;
  onExitCodes?: ExitCodesRequirement;
  onPodConditions?: ConditionPattern[];
}

interface TerminatedStatus {
  name: string;
  exitCode: number;
}

function operatorMatches(
  exitCode: number,
  requirement: ExitCodesRequirement,
): boolean {
  const values = requirement.values ?? [];
  if (requirement.operator === 'In') return values.includes(exitCode);
  if (requirement.operator === 'NotIn') return !values.includes(exitCode);
  return false;
}

/** Terminated containers with a non-zero exit code: regular ones first, then init containers. */
function failedContainers(pod: KubeObject): TerminatedStatus[] {
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  const out: TerminatedStatus[] = [];
  for (const s of statuses) {
    const terminated = s.state?.terminated;
    if (!terminated || terminated.exitCode === 0) continue;
    out.push({ name: s.name, exitCode: terminated.exitCode });
  }
  return out;
}

function matchExitCodes(
  pod: KubeObject,
  requirement: ExitCodesRequirement,
): TerminatedStatus | undefined {
  return failedContainers(pod).find(
    c =>
      (requirement.containerName === undefined ||
        requirement.containerName === null ||
        requirement.containerName === c.name) &&
      operatorMatches(c.exitCode, requirement),
  );
}

function matchConditions(
  pod: KubeObject,
  patterns: ConditionPattern[],
): string | undefined {
  for (const condition of pod.status?.conditions ?? []) {
    for (const pattern of patterns) {
      if (
        condition.type === pattern.type &&
        condition.status === pattern.status
      ) {
        return condition.type;
      }
    }
  }
  return undefined;
}

/** What the Job's pod failure policy says about a failed pod. */
export function matchPodFailurePolicy(
  job: KubeObject,
  pod: KubeObject,
): PodFailureMatch {
  const rules: Rule[] = job.spec?.podFailurePolicy?.rules ?? [];
  const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const container = matchExitCodes(pod, rule.onExitCodes);
      if (!container) continue;
      failJobMessage = `Container ${container.name} for pod ${podName} failed with exit code ${container.exitCode} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const type = matchConditions(pod, rule.onPodConditions);
      if (!type) continue;
      failJobMessage = `Pod ${podName} has condition ${type} matching FailJob rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case 'Ignore':
        return { action: 'Ignore', countsAsFailure: false };
      case 'Count':
        return { action: 'Count', countsAsFailure: true };
      case 'FailJob':
        return { action: 'FailJob', countsAsFailure: true, failJobMessage };
      default:
        // FailIndex needs an Indexed Job, which validation refuses here;
        // unknown actions are skipped, as clients are told to do.
        continue;
    }
  }
  return { countsAsFailure: true };
}

/**
 * The Job controller (pkg/controller/job) and the TTL-after-finished
 * controller, for NonIndexed Jobs: a pod per attempt, `backoffLimit` with
 * exponential backoff between attempts (container restarts count against
 * it under `restartPolicy: OnFailure`), `podFailurePolicy`,
 * `podReplacementPolicy`, `activeDeadlineSeconds`, `suspend`, the
 * `SuccessCriteriaMet`/`Complete` and `FailureTarget`/`Failed` conditions,
 * events, and deletion `ttlSecondsAfterFinished` after the end.
 *
 * A pod waiting with CreateContainerConfigError is active, not failed, as in
 * Kubernetes: the Job does not fail by itself; whoever watches it must look
 * at the pod's waiting reason.
 */
import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { JOBS } from '../api/resources';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { timestamp } from '../util';
import { PodController } from './podController';
import type { EventRecorder } from './events';
import { controlledObjects } from './ownership';
import { matchPodFailurePolicy } from './podFailurePolicy';

export interface JobControllerOptions {
  /** First delay before re-creating a failed pod (Kubernetes: 10 s); doubles per failure. */
  backoffBaseMs: number;
  /** Upper bound of that delay (Kubernetes: 6 min). */
  backoffMaxMs: number;
}

interface JobState {
  /** Pods whose end was counted in status.succeeded / status.failed (or ignored by the policy). */
  counted: Set<string>;
  /** Pods removed before their end was counted: their last state, by uid. */
  gone: Map<string, KubeObject>;
  lastFailureAt?: number;
  timer?: NodeJS.Timeout;
}

const COMPONENT = 'job-controller';

function condition(
  job: KubeObject,
  type: string,
): Record<string, any> | undefined {
  return (job.status?.conditions ?? []).find(
    (c: { type: string; status: string }) =>
      c.type === type && c.status === 'True',
  );
}

function isFinished(job: KubeObject): boolean {
  return !!(condition(job, 'Complete') || condition(job, 'Failed'));
}

function podFinished(pod: KubeObject): 'Succeeded' | 'Failed' | undefined {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? phase : undefined;
}

function podReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * Under `restartPolicy: OnFailure` a failing container is restarted in its
 * pod rather than the pod failing: the restarts of the pods still running
 * count against `backoffLimit` (pastBackoffLimitOnFailure).
 */
function pastBackoffLimitOnFailure(
  job: KubeObject,
  active: KubeObject[],
  backoffLimit: number,
): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active) {
    const phase = pod.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      restarts += s.restartCount ?? 0;
    }
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}

export class JobController extends PodController {
  private readonly state = new Map<string, JobState>();

  constructor(
    registry: Registry,
    store: ObjectStore,
    recorder: EventRecorder,
    private readonly options: JobControllerOptions,
  ) {
    super(registry, store, recorder, COMPONENT);
  }

  protected onEvent(e: StoreEvent) {
    if (e.resourceKey === 'batch/jobs') {
      const job = e.object;
      if (e.type === 'DELETED') {
        const st = this.state.get(job.metadata.uid!);
        if (st) this.timers.clear(st.timer);
        this.state.delete(job.metadata.uid!);
        return;
      }
      this.queueObject(e);
      return;
    }
    if (e.resourceKey === '/pods') {
      const ref = e.object.metadata.ownerReferences?.find(
        r => r.kind === 'Job' && r.controller && r.apiVersion === 'batch/v1',
      );
      if (!ref) return;
      if (e.type === 'DELETED') {
        // Its end is counted at the next sync, from its last state (the
        // job-tracking finalizer keeps such pods visible in Kubernetes).
        const st = this.state.get(ref.uid);
        const pod = e.previous ?? e.object;
        if (st && !st.counted.has(pod.metadata.uid!)) {
          st.gone.set(pod.metadata.uid!, pod);
        }
      }
      this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    }
  }

  private stateOf(job: KubeObject): JobState {
    let st = this.state.get(job.metadata.uid!);
    if (!st) {
      st = { counted: new Set(), gone: new Map() };
      this.state.set(job.metadata.uid!, st);
    }
    return st;
  }

  private requeueAfter(job: KubeObject, ms: number) {
    const st = this.stateOf(job);
    this.timers.clear(st.timer);
    st.timer = this.timers.set(() => {
      st.timer = undefined;
      this.queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
    }, ms);
  }

  private ownedPods(job: KubeObject): KubeObject[] {
    return controlledObjects(this.store, job, 'Pod');
  }

  private writeStatus(job: KubeObject, status: Record<string, any>) {
    try {
      this.registry.updateStatus(JOBS, job, status);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  protected sync(key: string) {
    const [namespace, name] = key.split('/');
    const job = this.store.peek(JOBS, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const st = this.stateOf(job);
    const spec = job.spec ?? {};
    const status: Record<string, any> = { ...job.status };
    const before = JSON.stringify(status);
    const now = Date.now();
    const pods = this.ownedPods(job);

    if (isFinished(job)) {
      this.handleTtl(job);
      return;
    }

    // Count pods that ended since the last sync; a pod removed before it
    // ended counts as failed.
    const ended: Array<[KubeObject, 'Succeeded' | 'Failed']> = [];
    for (const pod of pods) {
      const end = podFinished(pod);
      if (end && !st.counted.has(pod.metadata.uid!)) ended.push([pod, end]);
    }
    for (const pod of st.gone.values()) {
      if (!st.counted.has(pod.metadata.uid!)) {
        ended.push([pod, podFinished(pod) ?? 'Failed']);
      }
    }
    st.gone.clear();
    let failJobMessage: string | undefined;
    for (const [pod, end] of ended) {
      st.counted.add(pod.metadata.uid!);
      if (end === 'Succeeded') {
        status.succeeded = (status.succeeded ?? 0) + 1;
        continue;
      }
      const match = matchPodFailurePolicy(job, pod);
      if (match.countsAsFailure) {
        status.failed = (status.failed ?? 0) + 1;
        st.lastFailureAt = now;
      }
      failJobMessage ??= match.failJobMessage;
    }
    const active = pods.filter(
      p => !podFinished(p) && !p.metadata.deletionTimestamp,
    );
    const terminating = pods.filter(
      p => !podFinished(p) && p.metadata.deletionTimestamp,
    );
    const succeeded = status.succeeded ?? 0;
    const failed = status.failed ?? 0;
    const conditions: Array<Record<string, any>> = [
      ...(status.conditions ?? []),
    ];
    const setCondition = (
      type: string,
      reason: string,
      message: string,
      value = 'True',
    ) => {
      const i = conditions.findIndex(c => c.type === type);
      const ts = timestamp();
      const c = {
        type,
        status: value,
        lastProbeTime: ts,
        lastTransitionTime:
          i >= 0 && conditions[i].status === value
            ? conditions[i].lastTransitionTime
            : ts,
        reason,
        message,
      };
      if (i >= 0) conditions[i] = c;
      else conditions.push(c);
    };

    if (!status.startTime && !spec.suspend) status.startTime = timestamp();

    // Suspension.
    if (spec.suspend) {
      for (const pod of active) this.deletePod(job, pod);
      if (
        !conditions.some(c => c.type === 'Suspended' && c.status === 'True')
      ) {
        setCondition('Suspended', 'JobSuspended', 'Job suspended');
        this.recorder.record(
          job,
          'Normal',
          'Suspended',
          'Job suspended',
          COMPONENT,
        );
      }
      delete status.startTime;
      this.finishSync(
        job,
        status,
        conditions,
        0,
        0,
        terminating.length,
        before,
      );
      return;
    }
    if (conditions.some(c => c.type === 'Suspended' && c.status === 'True')) {
      setCondition('Suspended', 'JobResumed', 'Job resumed', 'False');
      this.recorder.record(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
    }

    const failureTarget = conditions.find(
      c => c.type === 'FailureTarget' && c.status === 'True',
    );
    const successTarget = conditions.find(
      c => c.type === 'SuccessCriteriaMet' && c.status === 'True',
    );
    const backoffLimit: number = spec.backoffLimit ?? 6;
    const deadline: number | undefined = spec.activeDeadlineSeconds;
    const completions: number | undefined = spec.completions ?? undefined;

    let failReason: [string, string] | undefined;
    if (!failureTarget && !successTarget) {
      if (failJobMessage) {
        failReason = ['PodFailurePolicy', failJobMessage];
      } else if (
        failed > backoffLimit ||
        pastBackoffLimitOnFailure(job, active, backoffLimit)
      ) {
        failReason = [
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
        ];
      } else if (
        deadline !== undefined &&
        status.startTime &&
        now - Date.parse(status.startTime) >= deadline * 1000
      ) {
        failReason = [
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
        ];
      }
    }
    if (failReason) {
      setCondition('FailureTarget', failReason[0], failReason[1]);
      this.recorder.record(
        job,
        'Warning',
        failReason[0],
        failReason[1],
        COMPONENT,
      );
    }
    const failing =
      failReason ??
      (failureTarget
        ? [failureTarget.reason, failureTarget.message]
        : undefined);
    // A Job that has failed or succeeded stops its remaining pods; the
    // final condition waits until none is left.
    const finishWith = (finalStep: () => void) => {
      for (const pod of active) this.deletePod(job, pod);
      if (active.length === 0 && terminating.length === 0) finalStep();
      this.finishSync(
        job,
        status,
        conditions,
        0,
        0,
        terminating.length + active.length,
        before,
      );
    };
    if (failing) {
      finishWith(() => setCondition('Failed', failing[0], failing[1]));
      return;
    }

    const complete =
      completions !== undefined ? succeeded >= completions : succeeded > 0;
    if (complete || successTarget) {
      if (!successTarget) {
        setCondition(
          'SuccessCriteriaMet',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
        );
      }
      finishWith(() => {
        setCondition(
          'Complete',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
        );
        status.completionTime = timestamp();
        this.recorder.record(
          job,
          'Normal',
          'Completed',
          'Job completed',
          COMPONENT,
        );
      });
      return;
    }

    // Keep the wanted number of pods running. Under podReplacementPolicy
    // Failed, a terminating pod is replaced only once it has ended.
    const parallelism: number = spec.parallelism ?? 1;
    const wanted =
      completions !== undefined
        ? Math.min(parallelism, completions - succeeded)
        : parallelism;
    let activeCount = active.length;
    const occupied =
      activeCount +
      (spec.podReplacementPolicy === 'Failed' ? terminating.length : 0);
    if (activeCount > wanted) {
      for (const pod of active.slice(wanted)) this.deletePod(job, pod);
      activeCount = wanted;
    } else if (occupied < wanted) {
      let wait = 0;
      if (failed > 0 && st.lastFailureAt !== undefined) {
        const delay = Math.min(
          this.options.backoffBaseMs * 2 ** (failed - 1),
          this.options.backoffMaxMs,
        );
        wait = st.lastFailureAt + delay - now;
      }
      if (wait > 0) {
        this.requeueAfter(job, wait);
      } else {
        for (let i = occupied; i < wanted; i++) {
          if (this.createPod(job)) activeCount++;
        }
      }
    }
    if (deadline !== undefined && status.startTime) {
      this.requeueAfter(
        job,
        Date.parse(status.startTime) + deadline * 1000 - now + 5,
      );
    }
    const ready = active.filter(podReady).length;
    this.finishSync(
      job,
      status,
      conditions,
      activeCount,
      ready,
      terminating.length,
      before,
    );
  }

  private finishSync(
    job: KubeObject,
    status: Record<string, any>,
    conditions: Array<Record<string, any>>,
    active: number,
    ready: number,
    terminating: number,
    before: string,
  ) {
    if (active > 0) status.active = active;
    else delete status.active;
    status.ready = ready;
    status.terminating = terminating;
    status.uncountedTerminatedPods ??= {};
    if (conditions.length) status.conditions = conditions;
    if (JSON.stringify(status) === before) {
      if (isFinished({ ...job, status })) this.handleTtl({ ...job, status });
      return;
    }
    this.writeStatus(job, status);
    const updated = { ...job, status };
    if (isFinished(updated)) this.handleTtl(updated);
  }

  /** A refused pod is tried again after the first backoff. */
  protected createPod(job: KubeObject): boolean {
    const created = super.createPod(job);
    if (!created) this.requeueAfter(job, this.options.backoffBaseMs);
    return created;
  }

  /** ttlSecondsAfterFinished: delete the Job (Foreground) once it is old enough. */
  private handleTtl(job: KubeObject) {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const finished = condition(job, 'Complete') ?? condition(job, 'Failed');
    if (!finished) return;
    const finishedAt = Date.parse(
      job.status?.completionTime ?? finished.lastTransitionTime,
    );
    const due = finishedAt + ttl * 1000 - Date.now();
    if (due > 0) {
      this.requeueAfter(job, due);
      return;
    }
    try {
      this.registry.delete(JOBS, job.metadata.namespace, job.metadata.name!, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
}

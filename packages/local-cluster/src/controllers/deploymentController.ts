/**
 * The Deployment controller (pkg/controller/deployment), RollingUpdate only:
 * one ReplicaSet per pod template (named by the template's hash, labelled
 * `pod-template-hash`), the new one scaled up to `spec.replicas`, old ones
 * scaled down once the new one is available; revisions (the
 * `deployment.kubernetes.io/revision` annotation on the Deployment and its
 * ReplicaSets, `revision-history` when an old template comes back, as
 * `kubectl rollout undo` does), the Deployment's annotations copied to the
 * new ReplicaSet (`kubectl rollout history` shows `kubernetes.io/change-cause`),
 * old ReplicaSets beyond `revisionHistoryLimit` removed; status counts and
 * the `Available` / `Progressing` conditions with Kubernetes' reasons.
 */
import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { DEPLOYMENTS, REPLICASETS } from '../api/resources';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { fnv32a, safeEncode, timestamp } from '../util';
import { Controller } from './controller';
import { controlledObjects, controllerRef } from './ownership';
import type { EventRecorder } from './events';

const COMPONENT = 'deployment-controller';
const HASH_LABEL = 'pod-template-hash';
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** Deployment annotations that are not copied to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function revisionOf(obj: KubeObject): number {
  return Number(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
}

/**
 * The new ReplicaSet's annotations (SetNewReplicaSetAnnotations): the
 * Deployment's own, and the new revision; a ReplicaSet that comes back
 * (a rollback) keeps its former revisions in `revision-history`.
 */
function newReplicaSetAnnotations(
  deployment: KubeObject,
  current: Record<string, string>,
  revision: number,
): Record<string, string> {
  const out: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) {
    if (!NOT_COPIED.has(k)) out[k] = v;
  }
  const old = current[REVISION_ANNOTATION];
  if (Number(old ?? 0) < revision) {
    out[REVISION_ANNOTATION] = String(revision);
    if (old) {
      const history = current[REVISION_HISTORY_ANNOTATION];
      out[REVISION_HISTORY_ANNOTATION] = history ? `${history},${old}` : old;
    }
  }
  out[DESIRED_REPLICAS_ANNOTATION] = String(deployment.spec?.replicas ?? 1);
  return out;
}

type Condition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
};

/**
 * Hashes of stored (frozen, so unchanging) templates. A Deployment is synced
 * on every change of it or its ReplicaSets, and a write that leaves the
 * template alone shares it with the previous version: hash it once.
 */
const hashesOfStoredTemplates = new WeakMap<object, string>();

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}

/**
 * The template hash, as the controller computes it: stable for equal
 * templates, where equal is as Go's types see it (a null, an empty object or
 * an empty list is the same as no value: `kubectl rollout undo` sends
 * `creationTimestamp: null` and `resources: {}` back).
 */
export function templateHash(template: unknown): string {
  const remembered = isFrozenObject(template)
    ? hashesOfStoredTemplates.get(template)
    : undefined;
  if (remembered) return remembered;
  const hash = safeEncode(fnv32a(stableJson(template) ?? ''));
  if (isFrozenObject(template)) hashesOfStoredTemplates.set(template, hash);
  return hash;
}

function stableJson(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (!value.length) return undefined;
    return `[${value.map(v => stableJson(v) ?? 'null').join(',')}]`;
  }
  if (typeof value === 'object') {
    const fields = Object.keys(value)
      .sort()
      .flatMap(k => {
        const v = stableJson((value as Record<string, unknown>)[k]);
        return v === undefined ? [] : [`${JSON.stringify(k)}:${v}`];
      });
    return fields.length ? `{${fields.join(',')}}` : undefined;
  }
  return JSON.stringify(value);
}

export class DeploymentController extends Controller {
  /** One progress-deadline timer per Deployment. */
  private readonly deadlines = new Map<string, NodeJS.Timeout | undefined>();

  constructor(
    registry: Registry,
    store: ObjectStore,
    private readonly recorder: EventRecorder,
  ) {
    super(registry, store);
  }

  protected onEvent(e: StoreEvent) {
    if (e.resourceKey === 'apps/deployments' && e.type !== 'DELETED') {
      this.queueObject(e);
    } else if (e.resourceKey === 'apps/replicasets') {
      this.queueController(e, 'Deployment');
    }
  }

  protected sync(key: string) {
    const [namespace, name] = key.split('/');
    const stored = this.store.peek(DEPLOYMENTS, namespace, name);
    if (!stored || stored.metadata.deletionTimestamp) return;
    let deployment = stored;
    const spec = deployment.spec ?? {};
    const wanted: number = spec.replicas ?? 1;
    const hash = templateHash(spec.template);
    const owned = controlledObjects(this.store, stored, 'ReplicaSet').filter(
      rs => !rs.metadata.deletionTimestamp,
    );
    let current = owned.find(rs => rs.metadata.labels?.[HASH_LABEL] === hash);
    const old = owned.filter(rs => rs !== current);
    const revision = Math.max(0, ...old.map(revisionOf)) + 1;

    if (spec.paused) {
      this.writeStatus(deployment, current);
      return;
    }
    if (!current) {
      current = this.createReplicaSet(deployment, hash, wanted, revision);
      if (!current) return;
    } else {
      current = this.syncReplicaSet(deployment, current, wanted, revision);
    }
    deployment = this.setDeploymentRevision(deployment, revisionOf(current));
    // Old ReplicaSets go to zero once the new one carries the load.
    const newAvailable = current.status?.availableReplicas ?? 0;
    if (newAvailable >= wanted || spec.strategy?.type === 'Recreate') {
      for (const rs of old) {
        if ((rs.spec?.replicas ?? 0) !== 0) this.scale(deployment, rs, 0);
      }
    }
    this.cleanUpOldReplicaSets(deployment, old, current);
    this.writeStatus(deployment, current);
  }

  /** The Deployment carries the revision of its newest ReplicaSet (SetDeploymentRevision). */
  private setDeploymentRevision(
    deployment: KubeObject,
    revision: number,
  ): KubeObject {
    const value = String(revision);
    if (deployment.metadata.annotations?.[REVISION_ANNOTATION] === value) {
      return deployment;
    }
    const annotations = {
      ...deployment.metadata.annotations,
      [REVISION_ANNOTATION]: value,
    };
    try {
      return this.registry.update(
        DEPLOYMENTS,
        deployment.metadata.namespace,
        deployment.metadata.name!,
        { ...deployment, metadata: { ...deployment.metadata, annotations } },
      ).object;
    } catch (error) {
      // A conflict with a client's write: the next sync sets it.
      if (!(error instanceof ApiError)) throw error;
      return deployment;
    }
  }

  /** The existing new ReplicaSet: its annotations (revision) and its size. */
  private syncReplicaSet(
    deployment: KubeObject,
    rs: KubeObject,
    replicas: number,
    revision: number,
  ): KubeObject {
    const annotations = newReplicaSetAnnotations(
      deployment,
      rs.metadata.annotations ?? {},
      revision,
    );
    if (
      rs.spec?.replicas === replicas &&
      JSON.stringify(annotations) ===
        JSON.stringify(rs.metadata.annotations ?? {})
    ) {
      return rs;
    }
    if (rs.spec?.replicas !== replicas) {
      return this.scale(deployment, rs, replicas, annotations);
    }
    try {
      return this.registry.update(
        REPLICASETS,
        rs.metadata.namespace,
        rs.metadata.name!,
        { ...rs, metadata: { ...rs.metadata, annotations } },
      ).object;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return rs;
    }
  }

  /**
   * Old ReplicaSets scaled to zero beyond `revisionHistoryLimit` are
   * deleted, oldest revision first (cleanupDeployment), once the rollout is
   * done.
   */
  private cleanUpOldReplicaSets(
    deployment: KubeObject,
    old: KubeObject[],
    current: KubeObject,
  ) {
    const limit: number | undefined = deployment.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null || old.length <= limit) return;
    if (
      (current.status?.availableReplicas ?? 0) < (current.spec?.replicas ?? 0)
    ) {
      return;
    }
    const idle = old
      .filter(
        rs =>
          (rs.spec?.replicas ?? 0) === 0 &&
          (rs.status?.replicas ?? 0) === 0 &&
          (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0),
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, old.length - limit)) {
      try {
        this.registry.delete(
          REPLICASETS,
          rs.metadata.namespace,
          rs.metadata.name!,
          {
            propagationPolicy: 'Background',
            preconditions: { uid: rs.metadata.uid },
          },
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
    }
  }

  private createReplicaSet(
    deployment: KubeObject,
    hash: string,
    replicas: number,
    revision: number,
  ): KubeObject | undefined {
    // Shares the Deployment's frozen parts: creating decodes (copies) the body.
    const source = deployment.spec?.template ?? {};
    const labels = { ...source.metadata?.labels, [HASH_LABEL]: hash };
    const template = {
      ...source,
      metadata: { ...source.metadata, labels },
    };
    const selector = {
      ...deployment.spec?.selector,
      matchLabels: {
        ...deployment.spec?.selector?.matchLabels,
        [HASH_LABEL]: hash,
      },
    };
    const body = {
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: { ...labels },
        annotations: newReplicaSetAnnotations(deployment, {}, revision),
        ownerReferences: [controllerRef(deployment)],
      },
      spec: { replicas, selector, template },
    };
    try {
      const created = this.registry.create(
        REPLICASETS,
        deployment.metadata.namespace,
        body,
      ).object;
      this.recorder.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
        COMPONENT,
      );
      return created;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return undefined;
    }
  }

  private scale(
    deployment: KubeObject,
    rs: KubeObject,
    replicas: number,
    annotations: Record<string, string> = {
      ...rs.metadata.annotations,
      [DESIRED_REPLICAS_ANNOTATION]: String(deployment.spec?.replicas ?? 1),
    },
  ): KubeObject {
    const from = rs.spec?.replicas ?? 0;
    try {
      const updated = this.registry.update(
        REPLICASETS,
        rs.metadata.namespace,
        rs.metadata.name!,
        {
          ...rs,
          metadata: { ...rs.metadata, annotations },
          spec: { ...rs.spec, replicas },
        },
      ).object;
      this.recorder.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${replicas > from ? 'up' : 'down'} replica set ${
          rs.metadata.name
        } from ${from} to ${replicas}`,
        COMPONENT,
      );
      return updated;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return rs;
    }
  }

  private writeStatus(deployment: KubeObject, current: KubeObject | undefined) {
    const sets = controlledObjects(this.store, deployment, 'ReplicaSet');
    const sum = (field: string, list = sets) =>
      list.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
    const wanted: number = deployment.spec?.replicas ?? 1;
    const latest = current
      ? sets.find(rs => rs.metadata.uid === current.metadata.uid)
      : undefined;
    const replicas = sum('replicas');
    const updated = latest?.status?.replicas ?? 0;
    const ready = sum('readyReplicas');
    const available = sum('availableReplicas');
    const status: Record<string, any> = {
      observedGeneration: deployment.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, Math.max(wanted, replicas) - available),
    };
    for (const k of [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
    ]) {
      if (status[k] === 0) delete status[k];
    }

    const previous: Condition[] = deployment.status?.conditions ?? [];
    const now = timestamp();
    const condition = (
      type: string,
      value: boolean,
      reason: string,
      message: string,
    ): Condition => {
      const before = previous.find(c => c.type === type);
      const statusText = value ? 'True' : 'False';
      const same = before?.status === statusText;
      const unchanged = same && before?.reason === reason;
      return {
        type,
        status: statusText,
        lastUpdateTime: unchanged ? before!.lastUpdateTime : now,
        lastTransitionTime: same ? before!.lastTransitionTime : now,
        reason,
        message,
      };
    };
    // maxUnavailable 25% (rounded down) as the default RollingUpdate strategy.
    const minAvailable = wanted - Math.floor(wanted * 0.25);
    const isAvailable = available >= minAvailable;
    const rsName = latest?.metadata.name ?? `${deployment.metadata.name}`;
    const complete =
      updated === wanted &&
      replicas === wanted &&
      available >= wanted &&
      (latest?.status?.observedGeneration ?? 0) >=
        (latest?.metadata.generation ?? 0);
    const conditions = [
      condition(
        'Available',
        isAvailable,
        isAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        isAvailable
          ? 'Deployment has minimum availability.'
          : 'Deployment does not have minimum availability.',
      ),
      this.progressing(deployment, previous, complete, rsName, condition),
    ];
    status.conditions = conditions;
    if (
      JSON.stringify(stripTimes(status)) ===
      JSON.stringify(stripTimes(deployment.status ?? {}))
    ) {
      return;
    }
    try {
      this.registry.updateStatus(DEPLOYMENTS, deployment, status);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  /** Progressing: ReplicaSetUpdated while rolling, then NewReplicaSetAvailable, or ProgressDeadlineExceeded. */
  private progressing(
    deployment: KubeObject,
    previous: Condition[],
    complete: boolean,
    rsName: string,
    condition: (
      type: string,
      value: boolean,
      reason: string,
      message: string,
    ) => Condition,
  ): Condition {
    if (complete) {
      return condition(
        'Progressing',
        true,
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
      );
    }
    const deadlineSeconds: number =
      deployment.spec?.progressDeadlineSeconds ?? 600;
    const before = previous.find(c => c.type === 'Progressing');
    const since = Date.parse(
      before?.reason === 'ReplicaSetUpdated' ||
        before?.reason === 'ProgressDeadlineExceeded'
        ? before.lastTransitionTime
        : timestamp(),
    );
    const due = since + deadlineSeconds * 1000 - Date.now();
    if (before?.reason === 'ProgressDeadlineExceeded' || due <= 0) {
      return condition(
        'Progressing',
        false,
        'ProgressDeadlineExceeded',
        `ReplicaSet "${rsName}" has timed out progressing.`,
      );
    }
    const key = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
    this.timers.clear(this.deadlines.get(key));
    this.deadlines.set(
      key,
      this.timers.set(() => {
        this.deadlines.delete(key);
        this.queue.add(key);
      }, due + 5),
    );
    return condition(
      'Progressing',
      true,
      'ReplicaSetUpdated',
      `ReplicaSet "${rsName}" is progressing.`,
    );
  }
}

/** Status without the condition timestamps, to tell a real change from a re-sync. */
function stripTimes(status: Record<string, any>) {
  return {
    ...status,
    conditions: (status.conditions ?? []).map(
      ({ lastUpdateTime, lastTransitionTime, ...rest }: Condition) => rest,
    ),
  };
}

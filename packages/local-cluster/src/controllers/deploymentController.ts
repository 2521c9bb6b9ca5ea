/**
 * The Deployment controller (pkg/controller/deployment), RollingUpdate only:
 * one ReplicaSet per pod template (named by the template's hash, labelled
 * `pod-template-hash`), the new one scaled up to `spec.replicas`, old ones
 * scaled down once the new one is available; status counts and the
 * `Available` / `Progressing` conditions with Kubernetes' reasons.
 */
import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { DEPLOYMENTS, REPLICASETS } from '../api/resources';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { fnv32a, safeEncode, timestamp } from '../util';
import { Controller } from './controller';
import { controllerRef, isControlledBy } from './ownership';
import type { EventRecorder } from './events';

const COMPONENT = 'deployment-controller';
const HASH_LABEL = 'pod-template-hash';
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

type Condition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
};

/** The template hash, as the controller computes it (stable for equal templates). */
export function templateHash(template: unknown): string {
  return safeEncode(fnv32a(stableJson(template)));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stableJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
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
    const deployment = this.store.get(DEPLOYMENTS, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const spec = deployment.spec ?? {};
    const wanted: number = spec.replicas ?? 1;
    const hash = templateHash(spec.template);
    const owned = this.store
      .peekAll(REPLICASETS, namespace)
      .filter(
        rs => isControlledBy(rs, deployment) && !rs.metadata.deletionTimestamp,
      );
    let current = owned.find(rs => rs.metadata.labels?.[HASH_LABEL] === hash);
    const old = owned.filter(rs => rs !== current);
    const revision =
      Math.max(
        0,
        ...owned.map(rs =>
          Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0),
        ),
      ) + (current ? 0 : 1);

    if (spec.paused) {
      this.writeStatus(deployment, current);
      return;
    }
    if (!current) {
      current = this.createReplicaSet(deployment, hash, wanted, revision);
      if (!current) return;
    } else if (current.spec?.replicas !== wanted) {
      current = this.scale(deployment, current, wanted);
    }
    // Old ReplicaSets go to zero once the new one carries the load.
    const newAvailable = current.status?.availableReplicas ?? 0;
    if (newAvailable >= wanted || spec.strategy?.type === 'Recreate') {
      for (const rs of old) {
        if ((rs.spec?.replicas ?? 0) !== 0) this.scale(deployment, rs, 0);
      }
    }
    this.writeStatus(deployment, current);
  }

  private createReplicaSet(
    deployment: KubeObject,
    hash: string,
    replicas: number,
    revision: number,
  ): KubeObject | undefined {
    const template = structuredClone(deployment.spec?.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = {
      ...template.metadata.labels,
      [HASH_LABEL]: hash,
    };
    const selector = structuredClone(deployment.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
    const body = {
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          [REVISION_ANNOTATION]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(replicas),
        },
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
  ): KubeObject {
    const from = rs.spec?.replicas ?? 0;
    const copy = structuredClone(rs);
    copy.spec = { ...copy.spec, replicas };
    copy.metadata.annotations = {
      ...copy.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(
        deployment.spec?.replicas ?? 1,
      ),
    };
    try {
      const updated = this.registry.update(
        REPLICASETS,
        rs.metadata.namespace,
        rs.metadata.name!,
        copy,
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
    const namespace = deployment.metadata.namespace;
    const sets = this.store
      .peekAll(REPLICASETS, namespace)
      .filter(rs => isControlledBy(rs, deployment));
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
    deployment.status = status;
    try {
      this.registry.update(
        DEPLOYMENTS,
        namespace,
        deployment.metadata.name!,
        deployment,
        {},
        'status',
      );
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

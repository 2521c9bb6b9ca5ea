/**
 * The ReplicaSet controller: keeps `spec.replicas` pods of the template,
 * replaces deleted or failed ones, reports replicas / ready / available.
 */
import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { REPLICASETS } from '../api/resources';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { PodController } from './podController';
import type { EventRecorder } from './events';
import { controlledObjects } from './ownership';

const COMPONENT = 'replicaset-controller';

export function podIsReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  );
}

function isActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return (
    !pod.metadata.deletionTimestamp &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

/** Which pods to delete first when scaling down (kubectl's ActivePods order, simplified). */
function deletionRank(pod: KubeObject): number {
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Pending') return 1;
  if (!podIsReady(pod)) return 2;
  return 3;
}

export class ReplicaSetController extends PodController {
  constructor(registry: Registry, store: ObjectStore, recorder: EventRecorder) {
    super(registry, store, recorder, COMPONENT);
  }

  protected onEvent(e: StoreEvent) {
    if (e.resourceKey === 'apps/replicasets' && e.type !== 'DELETED') {
      this.queueObject(e);
    } else if (e.resourceKey === '/pods') {
      this.queueController(e, 'ReplicaSet');
    }
  }

  protected sync(key: string) {
    const [namespace, name] = key.split('/');
    const rs = this.store.peek(REPLICASETS, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = controlledObjects(this.store, rs, 'Pod');
    const active = pods.filter(isActive);
    const wanted: number = rs.spec?.replicas ?? 1;
    // Failed pods of a ReplicaSet are removed and replaced.
    for (const pod of pods.filter(
      p => p.status?.phase === 'Failed' && !p.metadata.deletionTimestamp,
    )) {
      this.deletePod(rs, pod);
    }
    if (active.length < wanted) {
      for (let i = active.length; i < wanted; i++) this.createPod(rs);
    } else if (active.length > wanted) {
      const victims = [...active]
        .sort(
          (a, b) =>
            deletionRank(a) - deletionRank(b) ||
            (b.metadata.creationTimestamp ?? '').localeCompare(
              a.metadata.creationTimestamp ?? '',
            ),
        )
        .slice(0, active.length - wanted);
      for (const pod of victims) this.deletePod(rs, pod);
    }
    const current = controlledObjects(this.store, rs, 'Pod').filter(isActive);
    const ready = current.filter(podIsReady).length;
    const status: Record<string, any> = {
      ...rs.status,
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    };
    for (const k of [
      'readyReplicas',
      'availableReplicas',
      'fullyLabeledReplicas',
    ]) {
      if (status[k] === 0) delete status[k];
    }
    if (JSON.stringify(status) !== JSON.stringify(rs.status)) {
      try {
        this.registry.updateStatus(REPLICASETS, rs, status);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
    }
  }
}

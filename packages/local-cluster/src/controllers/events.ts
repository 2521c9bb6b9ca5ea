import { ApiError } from '../api/errors';
import type { Registry } from '../api/registry';
import { EVENTS } from '../api/resources';
import type { KubeObject } from '../types';
import { timestamp } from '../util';

export type EventType = 'Normal' | 'Warning';

/**
 * Records core/v1 Events the way client-go's event recorder does: one Event
 * per (object, reason, message, source), later occurrences bump `count` and
 * `lastTimestamp`.
 */
export class EventRecorder {
  private readonly seen = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly registry: Registry,
    private readonly host: string,
  ) {}

  record(
    involved: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    component: string,
    fieldPath?: string,
  ) {
    const namespace = involved.metadata.namespace ?? 'default';
    const key = [
      involved.metadata.uid,
      fieldPath ?? '',
      type,
      reason,
      message,
      component,
    ].join('\u0000');
    const now = timestamp();
    try {
      const existingName = this.seen.get(key);
      if (existingName) {
        const existing = this.registry.store.peek(
          EVENTS,
          namespace,
          existingName,
        );
        if (existing) {
          this.registry.update(EVENTS, namespace, existingName, {
            ...existing,
            count: (existing.count ?? 1) + 1,
            lastTimestamp: now,
          });
          return;
        }
      }
      const nanos =
        BigInt(Date.now()) * 1_000_000n + BigInt(this.counter++ % 1_000_000);
      const name = `${involved.metadata.name}.${nanos.toString(16)}`;
      const involvedObject: Record<string, string> = {
        kind: involved.kind,
        name: involved.metadata.name!,
        uid: involved.metadata.uid!,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion!,
      };
      if (involved.metadata.namespace)
        involvedObject.namespace = involved.metadata.namespace;
      if (fieldPath) involvedObject.fieldPath = fieldPath;
      this.registry.create(EVENTS, namespace, {
        metadata: { name, namespace },
        involvedObject,
        reason,
        message,
        source:
          component === 'kubelet'
            ? { component, host: this.host }
            : { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: component === 'kubelet' ? this.host : '',
      });
      this.seen.set(key, name);
      if (this.seen.size > 20000) {
        const first = this.seen.keys().next().value;
        if (first !== undefined) this.seen.delete(first);
      }
    } catch (error) {
      // Events are best effort, as in Kubernetes (e.g. a terminating namespace).
      if (!(error instanceof ApiError)) throw error;
    }
  }
}

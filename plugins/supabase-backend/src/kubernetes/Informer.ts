import type { KubernetesObject } from '@kubernetes/client-node';
import {
  ClusterApiError,
  ClusterClient,
  WatchEventType,
  WatchHandle,
} from './ClusterClient';
import {
  LabelRequirement,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';
import { ObjectIndex } from './ObjectIndex';

/** What an informer covers: a kind, a label selector, one or all namespaces. */
export interface InformerScope {
  apiVersion: string;
  kind: string;
  /** Empty for every object of the kind. */
  labelSelector: string;
  namespace?: string;
}

/** Told of each change after the cache holds it. */
export type InformerListener = (
  type: WatchEventType,
  object: KubernetesObject,
) => void;

/** API answers that retrying will not change: the informer gives up. */
const PERMANENT_CODES = [401, 403, 404, 405];

/**
 * A watch-fed copy of the objects in one scope: listed once, then kept
 * current by the watch (a full list again only when the watch has expired).
 * Writes made through the cache are recorded at once from their responses,
 * so a reconcile reads its own writes; a watch event older than what the
 * cache holds never overwrites it.
 */
export class Informer {
  private readonly objects = new ObjectIndex();
  private readonly listeners = new Set<InformerListener>();
  private waiters: Array<(ready: boolean) => void> = [];
  private synced = false;
  private failed = false;
  private readonly handle: WatchHandle;
  private gaveUp = false;
  /** The scope's selector, parsed. */
  readonly requirements: LabelRequirement[];

  constructor(
    cluster: ClusterClient,
    readonly scope: InformerScope,
    private readonly onGiveUp: (error: unknown) => void,
  ) {
    const requirements = parseLabelSelector(scope.labelSelector);
    if (!requirements) {
      throw new Error(`Unsupported label selector "${scope.labelSelector}"`);
    }
    this.requirements = requirements;
    this.handle = cluster.watch<KubernetesObject>(
      scope.apiVersion,
      scope.kind,
      scope.labelSelector,
      (type, object) => this.observe(type, object),
      {
        namespace: scope.namespace,
        onList: objects => this.replaceAll(objects),
        onError: error => this.failedWith(error),
      },
    );
    // Told synchronously, before the handle existed.
    if (this.gaveUp) this.handle.stop();
  }

  /**
   * Resolves true once the first list is in, false when listing fails (the
   * caller then asks the API server); retries go on in the background.
   */
  ready(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.failed) return Promise.resolve(false);
    return new Promise(resolve => this.waiters.push(resolve));
  }

  /** True while the cache can answer reads. */
  get usable(): boolean {
    return this.synced;
  }

  get(namespace: string | undefined, name: string) {
    return this.objects.get(keyOf(namespace, name));
  }

  list(
    namespace: string | undefined,
    requirements: LabelRequirement[],
  ): KubernetesObject[] {
    return this.objects.select(namespace, requirements);
  }

  /** Records an object a write returned (if it is newer than ours). */
  written(object: KubernetesObject): void {
    if (!this.covers(object)) return;
    this.store(object);
  }

  /** Forgets an object deleted through the cache. */
  deleted(namespace: string | undefined, name: string): void {
    this.objects.delete(keyOf(namespace, name));
  }

  /** Hears every change; current objects are reported as ADDED first. */
  subscribe(listener: InformerListener): () => void {
    this.listeners.add(listener);
    if (this.synced) {
      for (const object of this.objects.values()) listener('ADDED', object);
    }
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.handle.stop();
    this.resolveWaiters(false);
  }

  /**
   * Only objects the informer's watch would report belong in it: another
   * would never be reported deleted.
   */
  private covers(object: KubernetesObject): boolean {
    const { namespace } = this.scope;
    return (
      (!namespace || object.metadata?.namespace === namespace) &&
      matchesLabels(this.requirements, object.metadata?.labels)
    );
  }

  private observe(type: WatchEventType, object: KubernetesObject) {
    const key = keyOfObject(object);
    const held = this.objects.get(key);
    if (held && isOlder(object, held)) return;
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, frozen(object, this.scope));
    this.notify(type, object);
  }

  private replaceAll(objects: KubernetesObject[]) {
    const before = new Map(this.objects.entries());
    this.objects.clear();
    for (const object of objects) {
      this.objects.set(keyOfObject(object), frozen(object, this.scope));
    }
    this.synced = true;
    this.failed = false;
    this.resolveWaiters(true);
    // What changed while the watch was down, as a watch would have said it.
    for (const [key, object] of this.objects.entries()) {
      const old = before.get(key);
      if (!old) this.notify('ADDED', object);
      else if (
        old.metadata?.resourceVersion !== object.metadata?.resourceVersion
      ) {
        this.notify('MODIFIED', object);
      }
    }
    for (const [key, object] of before) {
      if (!this.objects.has(key)) this.notify('DELETED', object);
    }
  }

  private store(object: KubernetesObject) {
    const key = keyOfObject(object);
    const held = this.objects.get(key);
    if (held && isOlder(object, held)) return;
    this.objects.set(key, frozen(object, this.scope));
  }

  /**
   * A failed list or watch. Before the first list, readers go to the API
   * server meanwhile; after it, the cache stays while the watch retries. An
   * answer that retrying cannot change (no permission to list or watch)
   * ends the informer for good: a cache without events would only grow
   * stale.
   */
  private failedWith(error: unknown) {
    const code = error instanceof ClusterApiError ? error.code : undefined;
    const permanent = code !== undefined && PERMANENT_CODES.includes(code);
    if (this.synced && !permanent) return;
    this.failed = true;
    this.resolveWaiters(false);
    if (permanent && !this.gaveUp) {
      this.gaveUp = true;
      this.synced = false;
      this.objects.clear();
      this.handle?.stop();
      this.onGiveUp(error);
    }
  }

  private notify(type: WatchEventType, object: KubernetesObject) {
    for (const listener of this.listeners) listener(type, object);
  }

  private resolveWaiters(ready: boolean) {
    this.waiters.splice(0).forEach(resolve => resolve(ready));
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function keyOfObject(object: KubernetesObject): string {
  return keyOf(object.metadata?.namespace, object.metadata?.name ?? '');
}

/**
 * Cached objects are shared by every reader, so they are frozen: a reader
 * that changes one fails loudly instead of changing what others read. They
 * carry their kind (list items may not), so that they can be written back.
 */
function frozen(object: KubernetesObject, scope: InformerScope) {
  const complete =
    object.apiVersion && object.kind
      ? object
      : { ...object, apiVersion: scope.apiVersion, kind: scope.kind };
  return deepFreeze(complete);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * True when `a` is an older state than `b`. resourceVersions are opaque to
 * clients, but every API server in use (etcd's revision, the local
 * cluster's counter) hands out increasing integers; anything else counts as
 * newer, so the watch always wins.
 */
export function isOlder(a: KubernetesObject, b: KubernetesObject): boolean {
  const x = a.metadata?.resourceVersion;
  const y = b.metadata?.resourceVersion;
  if (!x || !y || !/^\d+$/.test(x) || !/^\d+$/.test(y)) return false;
  return BigInt(x) < BigInt(y);
}

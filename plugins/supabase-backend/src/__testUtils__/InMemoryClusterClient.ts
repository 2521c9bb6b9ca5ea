import type { KubernetesObject } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import {
  ClusterApiError,
  ClusterClient,
  DeletePreconditions,
  ObjectRef,
  refOf,
  WatchEventType,
  WatchHandle,
  WatchOptions,
} from '../kubernetes/ClusterClient';
import {
  LabelRequirement,
  matchesLabels,
  parseLabelSelector,
} from '../kubernetes/labelSelector';

/** The calls a test may count or make fail. */
export type ClusterVerb =
  | 'get'
  | 'ensure'
  | 'replace'
  | 'delete'
  | 'list'
  | 'readPodLog'
  | 'followPodLog';

/** Which objects a list, a watch or a test's look reads. */
interface Scope {
  /** Any when undefined. */
  apiVersion?: string;
  kind: string;
  /** Every namespace when undefined. */
  namespace?: string;
  selector?: LabelRequirement[];
}

interface Watcher extends Scope {
  onEvent: (type: WatchEventType, object: KubernetesObject) => void;
}

function inScope(scope: Scope, object: KubernetesObject): boolean {
  return (
    (scope.apiVersion === undefined ||
      object.apiVersion === scope.apiVersion) &&
    object.kind === scope.kind &&
    (scope.namespace === undefined ||
      object.metadata?.namespace === scope.namespace) &&
    matchesLabels(scope.selector ?? [], object.metadata?.labels)
  );
}

const keyOf = (ref: ObjectRef) =>
  `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

const copy = <T>(value: T): T => structuredClone(value);

/** The selector's requirements; a 400, as from the API server, if invalid. */
function selectorOf(labelSelector: string | undefined): LabelRequirement[] {
  const requirements = parseLabelSelector(labelSelector);
  if (!requirements) {
    throw new ClusterApiError(
      `unable to parse requirement: ${labelSelector}`,
      400,
      'BadRequest',
    );
  }
  return requirements;
}

/**
 * A `ClusterClient` that keeps objects in memory, for unit tests of the
 * pipeline, the worker and the router: fast, and with no API server. It
 * does what the pipeline relies on an API server for, and no more: uids,
 * resource versions and optimistic concurrency on replace, delete
 * preconditions, label selectors, garbage collection of owned objects, and
 * watches (events are delivered synchronously, after the change). What
 * Kubernetes controllers do (a Job's pods, a Deployment becoming Available)
 * a test does itself with `put` or `update`.
 */
export class InMemoryClusterClient implements ClusterClient {
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly logs = new Map<string, string>();
  private readonly watchers = new Set<Watcher>();
  private readonly failures: Array<{ verb: ClusterVerb; error: Error }> = [];
  private version = 0;
  /** Every call made, in order, by verb and the kind it was about. */
  readonly calls: Array<{ verb: ClusterVerb; kind: string }> = [];

  async get<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    this.call('get', ref.kind);
    return this.peek<T>(ref);
  }

  async ensure<T extends KubernetesObject>(
    object: T,
  ): Promise<{ object: T; created: boolean }> {
    this.call('ensure', object.kind!);
    const existing = this.objects.get(keyOf(refOf(object)));
    if (existing) return { object: copy(existing) as T, created: false };
    return { object: this.put(object), created: true };
  }

  async replace<T extends KubernetesObject>(object: T): Promise<T> {
    this.call('replace', object.kind!);
    const ref = refOf(object);
    const existing = this.objects.get(keyOf(ref));
    if (!existing) {
      throw new ClusterApiError(`${ref.kind} ${ref.name} not found`, 404);
    }
    const expected = object.metadata?.resourceVersion;
    if (expected && expected !== existing.metadata?.resourceVersion) {
      throw new ClusterApiError(
        `Operation cannot be fulfilled on ${ref.kind} ${ref.name}: the object has been modified`,
        409,
        'Conflict',
      );
    }
    // As a real API server does for kinds with a status subresource: a
    // replace changes the object, never its status.
    const { status } = existing as { status?: unknown };
    return this.put({
      ...object,
      ...(status === undefined ? {} : { status }),
      metadata: {
        ...object.metadata,
        uid: existing.metadata?.uid,
        creationTimestamp: existing.metadata?.creationTimestamp,
      },
    });
  }

  async delete(
    ref: ObjectRef,
    propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background',
    preconditions: DeletePreconditions = {},
  ): Promise<boolean> {
    this.call('delete', ref.kind);
    const existing = this.objects.get(keyOf(ref));
    if (!existing) return false;
    const { uid, resourceVersion } = preconditions;
    if (uid && existing.metadata?.uid !== uid) return false;
    if (
      resourceVersion &&
      existing.metadata?.resourceVersion !== resourceVersion
    )
      return false;
    this.remove(existing, propagationPolicy !== 'Orphan');
    return true;
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    this.call('list', kind);
    const selector = selectorOf(labelSelector);
    return this.select<T>({ apiVersion, kind, namespace, selector });
  }

  async readPodLog(namespace: string, pod: string): Promise<string> {
    this.call('readPodLog', 'Pod');
    return this.podLog(namespace, pod);
  }

  async followPodLog(
    namespace: string,
    pod: string,
    _container: string,
    onText: (text: string) => void | Promise<void>,
  ): Promise<void> {
    this.call('followPodLog', 'Pod');
    const text = this.podLog(namespace, pod);
    if (text) await onText(text);
  }

  watch<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    onEvent: (type: WatchEventType, object: T) => void,
    options: WatchOptions<T> = {},
  ): WatchHandle {
    const watcher: Watcher = {
      apiVersion,
      kind,
      namespace: options.namespace,
      selector: selectorOf(labelSelector),
      onEvent: onEvent as Watcher['onEvent'],
    };
    const found = this.select<T>(watcher);
    if (options.onList) options.onList(found);
    else found.forEach(o => onEvent('ADDED', o));
    this.watchers.add(watcher);
    return { stop: () => this.watchers.delete(watcher) };
  }

  // --- For tests ----------------------------------------------------------

  /**
   * Stores the object as a controller or a user would (created, or changed
   * whatever its version), and tells the watches. Returns what is stored.
   */
  put<T extends KubernetesObject>(object: T): T {
    const key = keyOf(refOf(object));
    const existing = this.objects.get(key);
    this.version += 1;
    const stored = copy({
      ...object,
      metadata: {
        ...object.metadata,
        uid: object.metadata?.uid ?? existing?.metadata?.uid ?? randomUUID(),
        creationTimestamp:
          object.metadata?.creationTimestamp ??
          existing?.metadata?.creationTimestamp ??
          new Date(),
        resourceVersion: String(this.version),
      },
    }) as T;
    this.objects.set(key, stored);
    this.notify(existing ? 'MODIFIED' : 'ADDED', stored);
    return copy(stored);
  }

  /** Changes a stored object (its status, say) and tells the watches. */
  update<T extends KubernetesObject>(
    ref: ObjectRef,
    change: (object: T) => void,
  ): T {
    const existing = this.objects.get(keyOf(ref));
    if (!existing) throw new Error(`${ref.kind} ${ref.name} is not stored`);
    const changed = copy(existing) as T;
    change(changed);
    return this.put(changed);
  }

  /** The stored object, or undefined; counts as no call. */
  peek<T extends KubernetesObject>(ref: ObjectRef): T | undefined {
    const found = this.objects.get(keyOf(ref));
    return found && (copy(found) as T);
  }

  /** Every stored object of a kind (in a namespace); counts as no call. */
  all<T extends KubernetesObject>(kind: string, namespace?: string): T[] {
    return this.select<T>({ kind, namespace });
  }

  /** What a pod's container printed, as `readPodLog` will return it. */
  setPodLog(namespace: string, pod: string, text: string): void {
    this.logs.set(`${namespace}/${pod}`, text);
  }

  /** Makes the next call of `verb` fail with `error` (once). */
  failNext(verb: ClusterVerb, error: Error): void {
    this.failures.push({ verb, error });
  }

  /** The calls of one verb made so far. */
  count(verb: ClusterVerb, kind?: string): number {
    return this.calls.filter(
      c => c.verb === verb && (kind === undefined || c.kind === kind),
    ).length;
  }

  private call(verb: ClusterVerb, kind: string): void {
    this.calls.push({ verb, kind });
    const at = this.failures.findIndex(f => f.verb === verb);
    if (at >= 0) throw this.failures.splice(at, 1)[0].error;
  }

  private podLog(namespace: string, pod: string): string {
    const text = this.logs.get(`${namespace}/${pod}`);
    if (text === undefined) {
      throw new ClusterApiError(`pods "${pod}" not found`, 404, 'NotFound');
    }
    return text;
  }

  /** Removes the object and, as the garbage collector would, what it owns. */
  private remove(object: KubernetesObject, cascade: boolean): void {
    this.objects.delete(keyOf(refOf(object)));
    this.notify('DELETED', object);
    if (!cascade) return;
    for (const dependent of [...this.objects.values()]) {
      const owned = dependent.metadata?.ownerReferences?.some(
        owner => owner.uid === object.metadata?.uid,
      );
      if (owned) this.remove(dependent, true);
    }
  }

  /** Copies of the stored objects in the scope. */
  private select<T extends KubernetesObject>(scope: Scope): T[] {
    return [...this.objects.values()]
      .filter(o => inScope(scope, o))
      .map(o => copy(o) as T);
  }

  private notify(type: WatchEventType, object: KubernetesObject): void {
    for (const watcher of [...this.watchers]) {
      if (inScope(watcher, object)) watcher.onEvent(type, copy(object));
    }
  }
}

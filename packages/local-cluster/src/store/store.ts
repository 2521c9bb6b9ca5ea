import { resourceKey, type ResourceType } from '../api/resources';
import type { KubeObject } from '../types';
import { WatchHub, type StoreEvent } from './watchHub';

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The in-memory object store: a map per resource type, one global
 * resourceVersion counter (as etcd's revision), and a watch hub that sees
 * every change.
 *
 * Stored objects are never mutated: every write stores a new copy, so the
 * snapshots handed to watchers stay valid. `get` and `list` return copies
 * the caller may change.
 */
export class ObjectStore {
  private revision = 0;
  private readonly maps = new Map<string, Map<string, KubeObject>>();
  readonly hub: WatchHub;

  constructor(options: { watchHistorySize: number }) {
    this.hub = new WatchHub(options.watchHistorySize);
  }

  /** The current resourceVersion (the last write's). */
  get resourceVersion(): number {
    return this.revision;
  }

  private map(type: ResourceType): Map<string, KubeObject> {
    const key = resourceKey(type);
    let m = this.maps.get(key);
    if (!m) {
      m = new Map();
      this.maps.set(key, m);
    }
    return m;
  }

  /** The stored snapshot, not a copy: never change it. */
  peek(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.map(type).get(objectKey(namespace, name));
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const found = this.peek(type, namespace, name);
    return found ? structuredClone(found) : undefined;
  }

  /** Stored snapshots (not copies), sorted by namespace and name. */
  peekAll(type: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.map(type).values()) {
      if (namespace && obj.metadata.namespace !== namespace) continue;
      out.push(obj);
    }
    return out.sort((a, b) =>
      objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(
        objectKey(b.metadata.namespace, b.metadata.name!),
      ),
    );
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.peekAll(type, namespace).map(o => structuredClone(o));
  }

  /** Every stored object of every type, for the garbage collector. */
  *all(): Generator<[string, KubeObject]> {
    for (const [key, m] of this.maps) {
      for (const obj of m.values()) yield [key, obj];
    }
  }

  /** Adds a new object; the caller has checked that it does not exist. */
  insert(type: ResourceType, obj: KubeObject): KubeObject {
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    this.map(type).set(
      objectKey(stored.metadata.namespace, stored.metadata.name!),
      stored,
    );
    this.emit({
      type: 'ADDED',
      resourceKey: resourceKey(type),
      object: stored,
      resourceVersion: this.revision,
    });
    return structuredClone(stored);
  }

  /** Replaces an existing object; the caller has done the concurrency checks. */
  replace(type: ResourceType, obj: KubeObject): KubeObject {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = this.map(type).get(key);
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    this.map(type).set(key, stored);
    this.emit({
      type: 'MODIFIED',
      resourceKey: resourceKey(type),
      object: stored,
      previous,
      resourceVersion: this.revision,
    });
    return structuredClone(stored);
  }

  /** Removes an object for good; returns its last state. */
  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = objectKey(namespace, name);
    const previous = this.map(type).get(key);
    if (!previous) return undefined;
    this.map(type).delete(key);
    const last = structuredClone(previous);
    last.metadata.resourceVersion = String(++this.revision);
    this.emit({
      type: 'DELETED',
      resourceKey: resourceKey(type),
      object: last,
      previous,
      resourceVersion: this.revision,
    });
    return structuredClone(last);
  }

  private emit(event: StoreEvent) {
    this.hub.publish(event);
  }
}

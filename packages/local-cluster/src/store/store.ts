import { resourceKey, type ResourceType } from '../api/resources';
import type { KubeObject } from '../types';
import { WatchHub, type StoreEvent } from './watchHub';

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function typeInNamespace(typeKey: string, namespace: string): string {
  return `${typeKey} ${namespace}`;
}

/** Freezes `value` and everything in it (what is already frozen is shared, so skipped). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** `obj` with another resourceVersion, sharing everything else. */
function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion: String(revision) },
  };
}

/**
 * The in-memory object store: a map per resource type, an index of
 * dependents by owner uid, one global resourceVersion counter (as etcd's
 * revision), and a watch hub that sees every change.
 *
 * Stored objects are frozen and never copied on the way out: reads, lists
 * and watch events hand out the stored snapshots themselves, and a write
 * stores a new object (copy on write; unchanged parts may be shared with the
 * previous version, being frozen too). There is no copying read: to change
 * an object, build a new one from the snapshot (`{ ...obj, status }`).
 */
export class ObjectStore {
  private revision = 0;
  private readonly maps = new Map<string, Map<string, KubeObject>>();
  /** Owner uid → the stored objects that name it in `ownerReferences`, by resource and key. */
  private readonly byOwner = new Map<string, Map<string, KubeObject>>();
  /** uid → the stored object. */
  private readonly byUid = new Map<string, KubeObject>();
  /** Namespace → its stored objects, by resource and key. */
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  /** `resource namespace` → the stored objects of that type there, so that a namespace's list does not scan every namespace. */
  private readonly byTypeInNamespace = new Map<
    string,
    Map<string, KubeObject>
  >();
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

  /** Stored snapshots (not copies), sorted by namespace and name. */
  peekAll(type: ResourceType, namespace?: string): KubeObject[] {
    const source = namespace
      ? this.byTypeInNamespace.get(
          typeInNamespace(resourceKey(type), namespace),
        )
      : this.map(type);
    return [...(source?.values() ?? [])].sort((a, b) =>
      objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(
        objectKey(b.metadata.namespace, b.metadata.name!),
      ),
    );
  }

  /** The stored objects that have an owner reference to `uid` (frozen snapshots). */
  dependents(uid: string): KubeObject[] {
    return [...(this.byOwner.get(uid)?.values() ?? [])];
  }

  /** The stored object with this uid (a frozen snapshot). */
  byUidOf(uid: string): KubeObject | undefined {
    return this.byUid.get(uid);
  }

  /** The stored objects of a namespace, of every type (frozen snapshots). */
  inNamespace(namespace: string): KubeObject[] {
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  private index(
    type: ResourceType,
    key: string,
    obj: KubeObject | undefined,
    add: boolean,
  ) {
    if (!obj) return;
    const namespace = obj.metadata.namespace;
    const groups = [
      ...(obj.metadata.ownerReferences ?? []).map(r => [this.byOwner, r.uid]),
      ...(namespace
        ? [
            [this.byNamespace, namespace],
            [
              this.byTypeInNamespace,
              typeInNamespace(resourceKey(type), namespace),
            ],
          ]
        : []),
    ] as Array<[Map<string, Map<string, KubeObject>>, string]>;
    for (const [index, id] of groups) {
      let entries = index.get(id);
      if (add) {
        if (!entries) {
          entries = new Map();
          index.set(id, entries);
        }
        entries.set(key, obj);
      } else if (entries) {
        entries.delete(key);
        if (!entries.size) index.delete(id);
      }
    }
    const uid = obj.metadata.uid;
    if (!uid) return;
    if (add) this.byUid.set(uid, obj);
    else if (this.byUid.get(uid) === obj) this.byUid.delete(uid);
  }

  /** The stored objects of a type in no particular order (no sorting: for scans). */
  unordered(type: ResourceType): Iterable<KubeObject> {
    return this.map(type).values();
  }

  /**
   * Adds a new object; the caller has checked that it does not exist. The
   * store takes `obj` over (frozen): the caller must not change it after.
   * Returns the stored snapshot.
   */
  insert(type: ResourceType, obj: KubeObject): KubeObject {
    const stored = deepFreeze(withResourceVersion(obj, ++this.revision));
    const key = objectKey(stored.metadata.namespace, stored.metadata.name!);
    this.map(type).set(key, stored);
    this.index(type, `${resourceKey(type)}:${key}`, stored, true);
    this.emit({
      type: 'ADDED',
      resourceKey: resourceKey(type),
      object: stored,
      resourceVersion: this.revision,
    });
    return stored;
  }

  /**
   * Replaces an existing object; the caller has done the concurrency
   * checks. As with `insert`, the store takes `obj` over.
   */
  replace(type: ResourceType, obj: KubeObject): KubeObject {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = this.map(type).get(key);
    const stored = deepFreeze(withResourceVersion(obj, ++this.revision));
    this.map(type).set(key, stored);
    const indexKey = `${resourceKey(type)}:${key}`;
    this.index(type, indexKey, previous, false);
    this.index(type, indexKey, stored, true);
    this.emit({
      type: 'MODIFIED',
      resourceKey: resourceKey(type),
      object: stored,
      previous,
      resourceVersion: this.revision,
    });
    return stored;
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
    this.index(type, `${resourceKey(type)}:${key}`, previous, false);
    const last = deepFreeze(withResourceVersion(previous, ++this.revision));
    this.emit({
      type: 'DELETED',
      resourceKey: resourceKey(type),
      object: last,
      previous,
      resourceVersion: this.revision,
    });
    return last;
  }

  private emit(event: StoreEvent) {
    this.hub.publish(event);
  }
}

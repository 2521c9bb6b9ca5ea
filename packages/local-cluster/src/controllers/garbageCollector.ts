/**
 * The garbage collector and the namespace controller: dependents whose
 * owners are all gone are deleted in the background; an owner deleted in the
 * foreground (`foregroundDeletion` finalizer) waits until its dependents
 * that block owner deletion are gone; `orphan` drops the references; a
 * terminating namespace is emptied and then removed.
 */
import { ApiError } from '../api/errors';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../api/registry';
import { NAMESPACES } from '../api/resources';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { Controller } from './controller';

/** The finalizer of the namespace controller, in a Namespace's `spec`. */
const NAMESPACE_FINALIZER = 'kubernetes';

function ignoreApiErrors(fn: () => void) {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

export class GarbageCollector extends Controller {
  /**
   * Each change queues the uids it concerns (the store indexes objects by
   * uid, owner and namespace), so a turn looks at those objects only, not
   * at the whole store.
   */
  protected onEvent(e: StoreEvent) {
    const obj = e.object;
    const meta = obj.metadata;
    const owners = (meta.ownerReferences ?? []).map(r => r.uid);
    if (e.type === 'DELETED') {
      // Its dependents may have lost their last owner; an owner deleted in
      // the foreground may wait for it; its namespace may now be empty.
      this.queue.add(`dependents:${meta.uid}`);
      owners.forEach(uid => this.queue.add(`object:${uid}`));
      if (meta.namespace) this.queue.add(`namespace:${meta.namespace}`);
      return;
    }
    if (meta.deletionTimestamp) this.queue.add(`object:${meta.uid}`);
    const before = e.previous?.metadata.ownerReferences;
    if (
      owners.length &&
      (e.type === 'ADDED' || before !== meta.ownerReferences)
    ) {
      this.queue.add(`object:${meta.uid}`);
    }
    if (meta.deletionTimestamp || before !== meta.ownerReferences) {
      // A dependent going away, or orphaned, may unblock its owners.
      for (const uid of [...owners, ...(before ?? []).map(r => r.uid)]) {
        this.queue.add(`object:${uid}`);
      }
    }
  }

  protected sync(key: string) {
    const [what, id] = [
      key.slice(0, key.indexOf(':')),
      key.slice(key.indexOf(':') + 1),
    ];
    if (what === 'dependents') {
      for (const dependent of this.store.dependents(id)) {
        this.checkOwners(dependent);
      }
    } else if (what === 'namespace') {
      const ns = this.store.peek(NAMESPACES, undefined, id);
      if (ns?.metadata.deletionTimestamp) this.finalizeNamespace(ns);
    } else {
      const obj = this.store.byUidOf(id);
      if (!obj) return;
      this.checkOwners(obj);
      if (obj.metadata.deletionTimestamp) this.finalize(obj);
    }
  }

  /** A dependent whose owners are all gone is deleted; references to gone owners are dropped. */
  private checkOwners(obj: KubeObject) {
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length || obj.metadata.deletionTimestamp) return;
    const alive = refs.filter(r => this.store.byUidOf(r.uid));
    if (alive.length === 0) {
      this.deleteObject(obj, 'Background');
    } else if (alive.length < refs.length) {
      this.updateMetadata(obj, { ...obj.metadata, ownerReferences: alive });
    }
  }

  /** An object being deleted: orphan or foreground deletion of its dependents, or a namespace's content. */
  private finalize(obj: KubeObject) {
    const finalizers = obj.metadata.finalizers ?? [];
    const children = this.store.dependents(obj.metadata.uid!);
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      this.registry.orphanDependents(obj);
      this.removeFinalizer(obj, ORPHAN_FINALIZER);
    } else if (finalizers.includes(FOREGROUND_FINALIZER)) {
      for (const child of children) {
        if (!child.metadata.deletionTimestamp) {
          this.deleteObject(child, 'Foreground');
        }
      }
      const blocking = children.some(c =>
        c.metadata.ownerReferences?.some(
          r => r.uid === obj.metadata.uid && r.blockOwnerDeletion,
        ),
      );
      if (!blocking) this.removeFinalizer(obj, FOREGROUND_FINALIZER);
    }
    if (obj.kind === 'Namespace') this.finalizeNamespace(obj);
  }

  /**
   * Empties a terminating namespace; once empty, drops the `kubernetes`
   * finalizer from `spec.finalizers`. The namespace goes when no finalizer
   * is left, neither in the spec (see `namespaces/{name}/finalize`) nor in
   * its metadata.
   */
  private finalizeNamespace(ns: KubeObject) {
    const name = ns.metadata.name!;
    const content = this.store.inNamespace(name);
    for (const obj of content) {
      if (!obj.metadata.deletionTimestamp) this.deleteObject(obj, 'Background');
    }
    if (content.length > 0) return;
    const specFinalizers: string[] = ns.spec?.finalizers ?? [];
    if (specFinalizers.includes(NAMESPACE_FINALIZER)) {
      const finalizers = specFinalizers.filter(f => f !== NAMESPACE_FINALIZER);
      this.store.replace(NAMESPACES, {
        ...ns,
        spec: { ...ns.spec, finalizers },
      });
      return;
    }
    if (specFinalizers.length === 0 && !ns.metadata.finalizers?.length) {
      this.registry.removeNow(NAMESPACES, undefined, name!);
    }
  }

  private deleteObject(
    obj: KubeObject,
    propagationPolicy: 'Background' | 'Foreground',
  ) {
    const type = this.registry.typeOf(obj);
    if (!type) return;
    ignoreApiErrors(() =>
      this.registry.delete(type, obj.metadata.namespace, obj.metadata.name!, {
        propagationPolicy,
        preconditions: { uid: obj.metadata.uid },
      }),
    );
  }

  private removeFinalizer(obj: KubeObject, finalizer: string) {
    const metadata: KubeObject['metadata'] = {
      ...obj.metadata,
      finalizers: (obj.metadata.finalizers ?? []).filter(f => f !== finalizer),
    };
    if (metadata.finalizers!.length === 0) delete metadata.finalizers;
    this.updateMetadata(obj, metadata);
  }

  /** Updates `obj` (a stored snapshot) with other metadata. */
  private updateMetadata(obj: KubeObject, metadata: KubeObject['metadata']) {
    const type = this.registry.typeOf(obj);
    if (!type) return;
    ignoreApiErrors(() =>
      this.registry.update(type, obj.metadata.namespace, obj.metadata.name!, {
        ...obj,
        metadata,
      }),
    );
  }
}

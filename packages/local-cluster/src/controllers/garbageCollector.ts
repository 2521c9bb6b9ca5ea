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

/** Queue keys: what to look at on the next turn. */
const SWEEP = 'sweep';

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
  protected onEvent(e: StoreEvent) {
    const meta = e.object.metadata;
    if (
      e.type === 'DELETED' ||
      meta.deletionTimestamp ||
      (e.type === 'ADDED' && meta.ownerReferences?.length)
    ) {
      // Sweeps are batched: many events in one turn make one sweep.
      this.queue.add(SWEEP);
    }
  }

  /** Every sweep looks at everything: the store is small. */
  protected sync() {
    this.sweep();
  }

  private sweep() {
    const objects = [...this.store.all()].map(([, obj]) => obj);
    const uids = new Set(objects.map(o => o.metadata.uid));
    const dependents = new Map<string, KubeObject[]>();
    for (const obj of objects) {
      for (const ref of obj.metadata.ownerReferences ?? []) {
        const list = dependents.get(ref.uid) ?? [];
        list.push(obj);
        dependents.set(ref.uid, list);
      }
    }

    for (const obj of objects) {
      const refs = obj.metadata.ownerReferences ?? [];
      if (refs.length && !obj.metadata.deletionTimestamp) {
        const alive = refs.filter(r => uids.has(r.uid));
        if (alive.length === 0) {
          this.deleteObject(obj, 'Background');
        } else if (alive.length < refs.length) {
          this.replaceWith(obj, copy => {
            copy.metadata.ownerReferences = alive;
          });
        }
      }
      if (!obj.metadata.deletionTimestamp) continue;
      const finalizers = obj.metadata.finalizers ?? [];
      const children = dependents.get(obj.metadata.uid!) ?? [];
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
      if (obj.kind === 'Namespace') this.finalizeNamespace(obj, objects);
    }
  }

  /**
   * Empties a terminating namespace; once empty, drops the `kubernetes`
   * finalizer from `spec.finalizers`. The namespace goes when no finalizer
   * is left, neither in the spec (see `namespaces/{name}/finalize`) nor in
   * its metadata.
   */
  private finalizeNamespace(ns: KubeObject, objects: KubeObject[]) {
    const name = ns.metadata.name;
    const content = objects.filter(o => o.metadata.namespace === name);
    for (const obj of content) {
      if (!obj.metadata.deletionTimestamp) this.deleteObject(obj, 'Background');
    }
    if (content.length > 0) return;
    const specFinalizers: string[] = ns.spec?.finalizers ?? [];
    if (specFinalizers.includes(NAMESPACE_FINALIZER)) {
      const copy = structuredClone(ns);
      copy.spec.finalizers = specFinalizers.filter(
        f => f !== NAMESPACE_FINALIZER,
      );
      this.store.replace(NAMESPACES, copy);
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
    this.replaceWith(obj, copy => {
      copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter(
        f => f !== finalizer,
      );
      if (copy.metadata.finalizers.length === 0) {
        delete copy.metadata.finalizers;
      }
    });
  }

  private replaceWith(obj: KubeObject, change: (copy: KubeObject) => void) {
    const type = this.registry.typeOf(obj);
    if (!type) return;
    const copy = structuredClone(obj);
    change(copy);
    ignoreApiErrors(() =>
      this.registry.update(
        type,
        obj.metadata.namespace,
        obj.metadata.name!,
        copy,
      ),
    );
  }
}

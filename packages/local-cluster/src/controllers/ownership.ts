import type { ObjectStore } from '../store/store';
import type { KubeObject, OwnerReference } from '../types';

/** The owner reference a controller puts on what it creates. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when `owner` is the controller of `obj`. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return !!obj.metadata.ownerReferences?.some(
    r => r.uid === owner.metadata.uid && r.controller,
  );
}

/**
 * The stored objects of `kind` that `owner` controls, by name: read from the
 * store's owner index rather than by scanning every object of the kind.
 */
export function controlledObjects(
  store: ObjectStore,
  owner: KubeObject,
  kind: string,
): KubeObject[] {
  return store
    .dependents(owner.metadata.uid!)
    .filter(o => o.kind === kind && isControlledBy(o, owner))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** A pod from a controller's pod template, named after and owned by it. */
export function podFromTemplate(owner: KubeObject): Record<string, any> {
  const template = owner.spec?.template ?? {};
  const meta = template.metadata ?? {};
  return {
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...meta.labels },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    // Shared with the owner's frozen template: creating decodes (copies) it.
    spec: template.spec ?? {},
  };
}

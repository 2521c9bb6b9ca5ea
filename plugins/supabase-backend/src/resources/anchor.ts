import type { V1ConfigMap, V1OwnerReference } from '@kubernetes/client-node';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

/** The owner every object of a project points at. */
export interface AnchorRef {
  name: string;
  uid: string;
}

/**
 * The project's anchor: a ConfigMap that says which Backstage project the
 * objects belong to (no secrets). Deleting it garbage-collects the rest.
 */
export function buildAnchor(project: ProjectObjectInput): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(project.name).anchor,
      namespace: project.namespace,
      labels: standardLabels(project.name, 'project'),
    },
    data: {
      project: `${project.namespace}/${project.name}`,
      uid: project.uid,
    },
  };
}

/** The owner reference that ties an object to the project's anchor. */
export function ownerReferenceTo(anchor: AnchorRef): V1OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: anchor.name,
    uid: anchor.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

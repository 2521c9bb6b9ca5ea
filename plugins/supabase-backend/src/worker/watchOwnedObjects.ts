import type { KubernetesObject } from '@kubernetes/client-node';
import { ClusterClient, WatchHandle } from '../kubernetes/ClusterClient';
import { INSTANCE_LABEL, MANAGED_SELECTOR } from '../resources';

/** Kinds whose changes move a project on. */
const WATCHED_KINDS = [
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
];

/**
 * Watches the objects the plugin owns and reports which project each change
 * belongs to: a Job finishing moves its project on at once, not at the next
 * resync.
 */
export function watchOwnedObjects(
  cluster: ClusterClient,
  onChange: (namespace: string, project: string) => void,
): WatchHandle {
  const handles = WATCHED_KINDS.map(({ apiVersion, kind }) =>
    cluster.watch<KubernetesObject>(
      apiVersion,
      kind,
      MANAGED_SELECTOR,
      (_type, object) => {
        const project = object.metadata?.labels?.[INSTANCE_LABEL];
        const namespace = object.metadata?.namespace;
        if (project && namespace) onChange(namespace, project);
      },
    ),
  );
  return { stop: () => handles.forEach(handle => handle.stop()) };
}

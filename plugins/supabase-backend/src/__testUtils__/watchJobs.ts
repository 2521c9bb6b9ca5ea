import type { KubeConfig, V1Job } from '@kubernetes/client-node';

/**
 * Counts how often each db-init Job is created, from a watch of its own:
 * a Job created twice shows as two ADDED events.
 */
export async function watchJobCreations(kubeConfig: KubeConfig) {
  const k8s = await import('@kubernetes/client-node');
  const added = new Map<string, number>();
  const seen = new Set<string>();
  const watch = new k8s.Watch(kubeConfig);
  const controller = await watch.watch(
    '/apis/batch/v1/jobs',
    {},
    (type: string, job: V1Job) => {
      const uid = job.metadata?.uid ?? '';
      if (type !== 'ADDED' || seen.has(uid)) return;
      seen.add(uid);
      const key = `${job.metadata?.namespace}/${job.metadata?.name}`;
      added.set(key, (added.get(key) ?? 0) + 1);
    },
    () => {},
  );
  return {
    creations: added,
    stop: () => controller.abort(),
  };
}

import type { KubeConfig, V1Job } from '@kubernetes/client-node';

/**
 * Counts every Job created in the bench namespace by its name, through a
 * watch: a name created with more than one uid is a duplicate Job.
 */
export async function watchJobCreations(kubeConfig: KubeConfig) {
  const k8s = await import('@kubernetes/client-node');
  const creations = new Map<string, Set<string>>();
  const watcher = await new k8s.Watch(kubeConfig).watch(
    '/apis/batch/v1/namespaces/bench/jobs',
    {},
    (type: string, job: V1Job) => {
      if (type !== 'ADDED') return;
      const uids = creations.get(job.metadata!.name!) ?? new Set<string>();
      uids.add(job.metadata!.uid!);
      creations.set(job.metadata!.name!, uids);
    },
    () => {},
  );
  return {
    /** How many Job names were created more than once. */
    duplicates: () =>
      [...creations.values()].filter(uids => uids.size > 1).length,
    stop: () => watcher.abort(),
  };
}

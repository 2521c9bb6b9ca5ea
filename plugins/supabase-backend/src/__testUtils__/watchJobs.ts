import type { KubeConfig, V1Job } from '@kubernetes/client-node';

/** Every Job event of the cluster, from a watch of the test's own. */
async function watchJobs(
  kubeConfig: KubeConfig,
  onEvent: (type: string, job: V1Job) => void,
) {
  const k8s = await import('@kubernetes/client-node');
  const watch = new k8s.Watch(kubeConfig);
  const controller = await watch.watch(
    '/apis/batch/v1/jobs',
    {},
    onEvent,
    () => {},
  );
  return () => controller.abort();
}

/**
 * Counts how often each db-init Job is created, from a watch of its own:
 * a Job created twice shows as two ADDED events.
 */
export async function watchJobCreations(kubeConfig: KubeConfig) {
  const added = new Map<string, number>();
  const seen = new Set<string>();
  const stop = await watchJobs(kubeConfig, (type, job) => {
    const uid = job.metadata?.uid ?? '';
    if (type !== 'ADDED' || seen.has(uid)) return;
    seen.add(uid);
    const key = `${job.metadata?.namespace}/${job.metadata?.name}`;
    added.set(key, (added.get(key) ?? 0) + 1);
  });
  return { creations: added, stop };
}

/**
 * Follows which Jobs of a component run (exist and have not finished) and
 * the most that ran at once, as the cluster reports them.
 */
export async function watchRunningJobs(
  kubeConfig: KubeConfig,
  component: string,
) {
  const running = new Set<string>();
  const finished = new Set<string>();
  let most = 0;
  const stop = await watchJobs(kubeConfig, (type, job) => {
    if (job.metadata?.labels?.['app.kubernetes.io/component'] !== component) {
      return;
    }
    const uid = job.metadata?.uid ?? '';
    const done = (job.status?.conditions ?? []).some(
      c => c.status === 'True' && ['Complete', 'Failed'].includes(c.type),
    );
    if (type === 'DELETED' || done) {
      running.delete(uid);
      if (done) finished.add(uid);
    } else if (!finished.has(uid)) {
      running.add(uid);
      most = Math.max(most, running.size);
    }
  });
  return {
    /** The most Jobs that ran at once so far. */
    most: () => most,
    stop,
  };
}

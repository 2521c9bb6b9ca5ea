import {
  LocalEnvironment,
  startLocalEnvironment,
} from '@supabase-backstage/local-cluster';

/**
 * A throwaway local cluster and a real PostgreSQL, as the supabase backend's
 * integration tests use them, plus a listing of what a namespace holds.
 */
export interface TestCluster extends LocalEnvironment {
  /**
   * `Kind/name` of every ConfigMap, Secret, Service, Deployment, Job and Pod
   * in the namespace: what a project would leave behind.
   */
  listObjects(namespace: string): Promise<string[]>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const env = await startLocalEnvironment({
    cluster: { jobBackoffBaseMs: 50, simulatedReadyDelayMs: 20 },
  });
  // ESM only: loaded when needed (the test script runs with
  // --experimental-vm-modules for it).
  const k8s = await import('@kubernetes/client-node');
  const core = env.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const apps = env.kubeConfig.makeApiClient(k8s.AppsV1Api);
  const batch = env.kubeConfig.makeApiClient(k8s.BatchV1Api);

  return {
    ...env,
    async listObjects(namespace) {
      const lists: [string, Promise<{ items: { metadata?: any }[] }>][] = [
        ['ConfigMap', core.listNamespacedConfigMap({ namespace })],
        ['Secret', core.listNamespacedSecret({ namespace })],
        ['Service', core.listNamespacedService({ namespace })],
        ['Pod', core.listNamespacedPod({ namespace })],
        ['Deployment', apps.listNamespacedDeployment({ namespace })],
        ['Job', batch.listNamespacedJob({ namespace })],
      ];
      const objects: string[] = [];
      for (const [kind, list] of lists) {
        for (const item of (await list).items) {
          objects.push(`${kind}/${item.metadata?.name}`);
        }
      }
      return objects.sort();
    },
  };
}

import { ClusterClient } from './ClusterClient';

/**
 * Readiness of the cluster: its API server answers a read of the `default`
 * namespace (a 404 is an answer too). A check that outlasts the readiness
 * timeout counts as not ready, whatever the client's retries do after.
 */
export function clusterReadinessCheck(name: string, cluster: ClusterClient) {
  return {
    name: `cluster:${name}`,
    group: 'clusters',
    async check() {
      await cluster.get({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'default',
      });
    },
  };
}

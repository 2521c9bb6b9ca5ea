import { TestCluster } from './startTestCluster';

/**
 * `kubernetes.clusterLocatorMethods` listing local clusters by name, as an
 * adopter lists real ones for Backstage's Kubernetes plugin.
 */
export function clusterLocatorConfig(clusters: Record<string, TestCluster>) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: Object.entries(clusters).map(([name, { cluster }]) => ({
          name,
          url: cluster.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: cluster.token,
          caData: Buffer.from(cluster.certificateAuthority).toString('base64'),
        })),
      },
    ],
  };
}

import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterSettings } from '../clusterConfig';

/** Builds the client configuration for one configured cluster. */
export async function loadKubeConfig(
  cluster: ClusterSettings,
): Promise<KubeConfig> {
  const { connection } = cluster;
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (connection.type === 'inCluster') {
    kc.loadFromCluster();
  } else if (connection.type === 'kubeconfig') {
    if (connection.kubeconfigPath) kc.loadFromFile(connection.kubeconfigPath);
    else kc.loadFromDefault();
    if (connection.context) kc.setCurrentContext(connection.context);
  } else {
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: connection.url,
          caData: connection.caData && toBase64Pem(connection.caData),
          caFile: connection.caFile,
          skipTLSVerify: connection.skipTLSVerify,
        },
      ],
      users: [{ name: cluster.name, token: connection.token }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: cluster.name },
      ],
      currentContext: cluster.name,
    });
  }
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `${cluster.configKey} (${connection.type}) names no usable cluster; check the kubeconfig or url`,
    );
  }
  return kc;
}

/** The client wants base64 of the PEM; accept plain PEM too. */
function toBase64Pem(caData: string): string {
  return caData.includes('-----BEGIN')
    ? Buffer.from(caData).toString('base64')
    : caData;
}

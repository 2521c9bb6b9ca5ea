import type { KubeConfig } from '@kubernetes/client-node';
import { KubernetesConfig } from '../config';

/** Builds the client configuration for a non-local cluster. */
export async function loadKubeConfig(
  config: Exclude<KubernetesConfig, { type: 'local' }>,
): Promise<KubeConfig> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (config.type === 'inCluster') {
    kc.loadFromCluster();
  } else if (config.type === 'kubeconfig') {
    if (config.kubeconfigPath) kc.loadFromFile(config.kubeconfigPath);
    else kc.loadFromDefault();
    if (config.context) kc.setCurrentContext(config.context);
  } else {
    kc.loadFromOptions({
      clusters: [
        {
          name: 'supabase',
          server: config.url,
          caData: config.caData && toBase64Pem(config.caData),
          skipTLSVerify: config.skipTLSVerify,
        },
      ],
      users: [{ name: 'supabase', token: config.token }],
      contexts: [{ name: 'supabase', cluster: 'supabase', user: 'supabase' }],
      currentContext: 'supabase',
    });
  }
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `supabase.kubernetes (${config.type}) names no usable cluster; check the kubeconfig or url`,
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

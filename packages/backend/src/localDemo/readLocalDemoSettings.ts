import { Config } from '@backstage/config';

/** What the demo's `localDemo` configuration asks for. */
export interface LocalDemoSettings {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  clusterName: string;
  /** Port of the local Kubernetes API; a free one when omitted. */
  port?: number;
  /** The namespace that gets the demo Secrets. */
  namespace: string;
  /** Where to write a kubeconfig for kubectl, relative to the backend. */
  kubeconfigPath?: string;
}

/**
 * Reads `localDemo`; undefined when it is absent or `enabled: false` (as
 * under app-config.production.yaml, which names a real cluster).
 */
export function readLocalDemoSettings(
  config: Config,
): LocalDemoSettings | undefined {
  const demo = config.getOptionalConfig('localDemo');
  if (!demo || demo.getOptionalBoolean('enabled') === false) return undefined;
  return {
    clusterName: demo.getOptionalString('clusterName') ?? 'local',
    port: demo.getOptionalNumber('port'),
    namespace: demo.getOptionalString('namespace') ?? 'default',
    kubeconfigPath: demo.getOptionalString('kubeconfigPath'),
  };
}

import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/** The plugin's settings, read once from `supabase.*`. */
export interface SupabaseConfig {
  kubernetes: KubernetesConfig;
  dbInitImage?: string;
  dbInitWaitSeconds: number;
  componentTimeoutMs: number;
  resyncInterval: HumanDuration;
  watch: boolean;
  leaseMs: number;
}

export type KubernetesConfig =
  | {
      type: 'local';
      port?: number;
      demoNamespace: string;
      kubeconfigPath?: string;
    }
  | { type: 'kubeconfig'; kubeconfigPath?: string; context?: string }
  | { type: 'inCluster' }
  | {
      type: 'config';
      url: string;
      token?: string;
      caData?: string;
      skipTLSVerify: boolean;
    };

const CLUSTER_TYPES = ['local', 'kubeconfig', 'inCluster', 'config'];

/** Reads and checks `supabase.*`, naming the key at fault. */
export function readSupabaseConfig(root: Config): SupabaseConfig {
  const config = root.getOptionalConfig('supabase');
  const kube = config?.getOptionalConfig('kubernetes');
  const type = kube?.getOptionalString('type') ?? 'local';
  if (!CLUSTER_TYPES.includes(type)) {
    throw new Error(
      `supabase.kubernetes.type must be one of ${CLUSTER_TYPES.join(
        ', ',
      )}; got "${type}"`,
    );
  }
  let kubernetes: KubernetesConfig;
  if (type === 'local') {
    kubernetes = {
      type,
      port: kube?.getOptionalNumber('local.port'),
      demoNamespace:
        kube?.getOptionalString('local.demoNamespace') ?? 'default',
      kubeconfigPath: kube?.getOptionalString('local.kubeconfigPath'),
    };
  } else if (type === 'kubeconfig') {
    kubernetes = {
      type,
      kubeconfigPath: kube?.getOptionalString('kubeconfigPath'),
      context: kube?.getOptionalString('context'),
    };
  } else if (type === 'inCluster') {
    kubernetes = { type };
  } else {
    kubernetes = {
      type: 'config',
      url: kube!.getString('url'),
      token: kube!.getOptionalString('token'),
      caData: kube!.getOptionalString('caData'),
      skipTLSVerify: kube!.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  }
  return {
    kubernetes,
    dbInitImage: config?.getOptionalString('dbInit.image'),
    dbInitWaitSeconds: config?.getOptionalNumber('dbInit.waitSeconds') ?? 60,
    componentTimeoutMs:
      (config?.getOptionalNumber('componentTimeoutSeconds') ?? 600) * 1000,
    resyncInterval: {
      seconds: config?.getOptionalNumber('resyncIntervalSeconds') ?? 30,
    },
    watch: config?.getOptionalBoolean('watch') ?? true,
    leaseMs: (config?.getOptionalNumber('leaseSeconds') ?? 30) * 1000,
  };
}

import { Config } from '@backstage/config';

/** How the plugin reaches one cluster. */
export type ClusterConnection =
  | { type: 'kubeconfig'; kubeconfigPath?: string; context?: string }
  | { type: 'inCluster' }
  | {
      type: 'config';
      url: string;
      token?: string;
      /** PEM or base64 of PEM. */
      caData?: string;
      caFile?: string;
      skipTLSVerify: boolean;
    };

/** One cluster projects can be provisioned on. */
export interface ClusterSettings {
  /** What `spec.cluster` names it by. */
  name: string;
  /** Where it is configured, for messages, e.g. `supabase.kubernetes`. */
  configKey: string;
  connection: ClusterConnection;
}

/** The clusters, first the default, and why any configured one is left out. */
export interface ClusterList {
  clusters: ClusterSettings[];
  /** One line per configured cluster the plugin cannot use, and why. */
  skipped: string[];
}

const SHORT_FORM_TYPES = ['kubeconfig', 'inCluster', 'config'];
/** The short form's cluster name unless it gives one. */
export const SHORT_FORM_CLUSTER_NAME = 'default';

/**
 * Reads the clusters: `supabase.kubernetes` when set (one cluster, the short
 * form), else every cluster of the `config` locators under
 * `kubernetes.clusterLocatorMethods`, the list Backstage's Kubernetes plugin
 * reads (docs/decisions/0018). Throws, saying what to configure, when there
 * is none to use.
 */
export function readClusters(root: Config): ClusterList {
  const short = root.getOptionalConfig('supabase.kubernetes');
  const list = short
    ? { clusters: [readShortForm(short)], skipped: [] }
    : readClusterLocators(root);
  if (list.clusters.length === 0) {
    throw new Error(
      [
        'No Kubernetes cluster is configured for supabase.',
        "List your clusters under kubernetes.clusterLocatorMethods, as for Backstage's Kubernetes plugin: `- type: config` with `clusters:` entries of name, url, authProvider: serviceAccount, serviceAccountToken and caData;",
        'or set supabase.kubernetes (type: inCluster, kubeconfig or config) for one cluster.',
        ...list.skipped,
      ].join(' '),
    );
  }
  const seen = new Set<string>();
  for (const cluster of list.clusters) {
    if (seen.has(cluster.name)) {
      throw new Error(
        `${cluster.configKey}: the cluster name "${cluster.name}" is used twice; give each cluster a name of its own`,
      );
    }
    seen.add(cluster.name);
  }
  return list;
}

function readShortForm(kube: Config): ClusterSettings {
  const type = kube.getString('type');
  if (!SHORT_FORM_TYPES.includes(type)) {
    throw new Error(
      `supabase.kubernetes.type must be one of ${SHORT_FORM_TYPES.join(
        ', ',
      )}; got "${type}"${
        type === 'local'
          ? ' (the local cluster is no longer started by the plugin: run it yourself and configure it like any cluster)'
          : ''
      }`,
    );
  }
  const name = kube.getOptionalString('name') ?? SHORT_FORM_CLUSTER_NAME;
  const configKey = 'supabase.kubernetes';
  if (type === 'kubeconfig') {
    return {
      name,
      configKey,
      connection: {
        type,
        kubeconfigPath: kube.getOptionalString('kubeconfigPath'),
        context: kube.getOptionalString('context'),
      },
    };
  }
  if (type === 'inCluster') return { name, configKey, connection: { type } };
  return {
    name,
    configKey,
    connection: {
      type: 'config',
      url: kube.getString('url'),
      token: kube.getOptionalString('token'),
      caData: kube.getOptionalString('caData'),
      caFile: kube.getOptionalString('caFile'),
      skipTLSVerify: kube.getOptionalBoolean('skipTLSVerify') ?? false,
    },
  };
}

/** The `config` clusters of `kubernetes.clusterLocatorMethods`, in order. */
function readClusterLocators(root: Config): ClusterList {
  const list: ClusterList = { clusters: [], skipped: [] };
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, m) => {
    const methodKey = `kubernetes.clusterLocatorMethods[${m}]`;
    const type = method.getString('type');
    if (type !== 'config') {
      list.skipped.push(
        `${methodKey} (type ${type}) is skipped: supabase reads clusters of type config.`,
      );
      return;
    }
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, c) => {
      const configKey = `${methodKey}.clusters[${c}]`;
      const name = cluster.getString('name');
      const authProvider = cluster.getOptionalString('authProvider');
      const token = cluster.getOptionalString('serviceAccountToken');
      if (authProvider !== 'serviceAccount' || !token) {
        list.skipped.push(
          `${configKey} (${name}) is skipped: supabase provisions as a service account, so it needs authProvider: serviceAccount and a serviceAccountToken.`,
        );
        return;
      }
      list.clusters.push({
        name,
        configKey,
        connection: {
          type: 'config',
          url: cluster.getString('url'),
          token,
          caData: cluster.getOptionalString('caData'),
          caFile: cluster.getOptionalString('caFile'),
          skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        },
      });
    });
  });
  return list;
}

/* The local cluster in a process of its own, as a real API server runs apart
 * from the backend: the backend's CPU and memory are then measured without
 * the cluster's object store, controllers and simulated kubelet. */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  LocalClusterOptions,
  startLocalCluster,
} from '@supabase-backstage/local-cluster';
import { forkChild, runAsChild, serveParent } from './childProcess';

/** What the cluster's process reports about itself. */
export interface ClusterProcessStats {
  /** Resource API requests served so far (discovery excluded). */
  requests: number;
  /** CPU time used so far, user and system, in microseconds. */
  cpuMicros: number;
  rss: number;
}

/** Starts the local cluster in a child process. */
export async function startClusterProcess(options: LocalClusterOptions) {
  const child = forkChild(__filename, {
    BENCH_CLUSTER_OPTIONS: JSON.stringify(options),
  });
  const { kubeconfigYaml } = await child.nextEvent('ready');
  return {
    async loadKubeConfig(): Promise<KubeConfig> {
      const { KubeConfig: Config } = await import('@kubernetes/client-node');
      const kc = new Config();
      kc.loadFromString(kubeconfigYaml as string);
      return kc;
    },
    stats: () => child.request<ClusterProcessStats>('stats'),
    async stop() {
      await child.request('stop');
      await child.exited;
    },
  };
}

async function serveCluster() {
  const cluster = await startLocalCluster(
    JSON.parse(process.env.BENCH_CLUSTER_OPTIONS!),
  );
  serveParent(
    {
      stats: (): ClusterProcessStats => {
        const cpu = process.cpuUsage();
        return {
          requests: cluster.requestCount(),
          cpuMicros: cpu.user + cpu.system,
          rss: process.memoryUsage().rss,
        };
      },
      stop: () => cluster.stop(),
    },
    { kubeconfigYaml: cluster.kubeconfigYaml },
  );
}

runAsChild(module, serveCluster);

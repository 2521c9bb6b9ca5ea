/**
 * Starts the local cluster: the store, the API server, the controllers and
 * the node, wired together, on a local port.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { createSelfSignedCertificate } from '@supabase-backstage/local-postgres';
import { Registry } from './api/registry';
import { NAMESPACES } from './api/resources';
import { DeploymentController } from './controllers/deploymentController';
import { EventRecorder } from './controllers/events';
import { GarbageCollector } from './controllers/garbageCollector';
import { JobController } from './controllers/jobController';
import { ReplicaSetController } from './controllers/replicaSetController';
import type { FaultConfig } from './faults';
import { buildKubeconfig } from './kubeconfig';
import { Kubelet, type PodRuntimeInfo } from './pods/kubelet';
import { PodLogStore } from './pods/podLogs';
import { ApiServer } from './server/apiServer';
import { ObjectStore } from './store/store';

/** @public */
export interface LocalClusterOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; `127.0.0.1` by default. */
  host?: string;
  /** The bearer token clients must send; random by default. */
  token?: string;
  /** First delay before a failed Job pod is replaced (Kubernetes: 10 s; here 1 s by default). */
  jobBackoffBaseMs?: number;
  /** Upper bound of that delay (default 60 s). */
  jobBackoffMaxMs?: number;
  /** How long a simulated container takes to become ready (default 300 ms). */
  simulatedReadyDelayMs?: number;
  /** Images whose containers run as local processes (default: postgres images). */
  processImages?: string[];
  /** Where pod folders are made (a new temporary folder by default). */
  workDir?: string;
  /** How many changes a watch can resume from (default 10 000). */
  watchHistorySize?: number;
  /** Faults to inject from the start. */
  faults?: FaultConfig;
  /**
   * A watch without `timeoutSeconds` ends after between this and twice this
   * (kube-apiserver's `--min-request-timeout`, default 1800 s).
   */
  minRequestTimeoutSeconds?: number;
}

/** A running local cluster. @public */
export interface LocalCluster {
  /** The API server's URL, e.g. `https://127.0.0.1:41234`. */
  url: string;
  port: number;
  token: string;
  /** The PEM certificate clients must trust (self-signed). */
  certificateAuthority: string;
  /** A kubeconfig (YAML) that reaches the cluster. */
  kubeconfigYaml: string;
  /** The same as a `KubeConfig` of `@kubernetes/client-node`. */
  loadKubeConfig(): Promise<KubeConfig>;
  /** Replaces the injected faults (`{}` turns them off). */
  setFaults(faults: FaultConfig): void;
  /** Resource API requests served so far (discovery excluded). */
  requestCount(): number;
  /** Where a pod runs on this machine, while it runs. */
  podRuntime(namespace: string, name: string): PodRuntimeInfo | undefined;
  /** Stops the server, every container and removes the pods' folders. */
  stop(): Promise<void>;
}

const DEFAULT_PROCESS_IMAGES = [
  'postgres',
  'postgres:*',
  'postgres@*',
  'library/postgres:*',
];

/** @public */
export async function startLocalCluster(
  options: LocalClusterOptions = {},
): Promise<LocalCluster> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  let faults: FaultConfig = { ...options.faults };
  const ownWorkDir = !options.workDir;
  const workDir =
    options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-'));

  const store = new ObjectStore({
    watchHistorySize: options.watchHistorySize ?? 10_000,
  });
  const registry = new Registry(store);
  for (const name of [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
  ]) {
    registry.create(NAMESPACES, undefined, { metadata: { name } });
  }
  const recorder = new EventRecorder(registry, 'local-node');
  const gc = new GarbageCollector(registry, store);
  const jobs = new JobController(registry, store, recorder, {
    backoffBaseMs: options.jobBackoffBaseMs ?? 1000,
    backoffMaxMs: options.jobBackoffMaxMs ?? 60_000,
  });
  const replicaSets = new ReplicaSetController(registry, store, recorder);
  const deployments = new DeploymentController(registry, store, recorder);
  const kubelet = new Kubelet(registry, store, recorder, new PodLogStore(), {
    nodeName: 'local-node',
    hostIP: '127.0.0.1',
    workDir,
    simulatedReadyDelayMs: options.simulatedReadyDelayMs ?? 300,
    restartBackoffBaseMs: 1000,
    restartBackoffMaxMs: 30_000,
    processImages: options.processImages ?? DEFAULT_PROCESS_IMAGES,
    faults: () => faults,
  });

  let url = '';
  // Kubernetes clients refuse plain HTTP and send tokens only over TLS.
  const certificate = createSelfSignedCertificate(workDir, {
    commonName: 'local-cluster',
  });
  const tls = {
    cert: certificate.cert,
    key: fs.readFileSync(certificate.keyFile, 'utf8'),
  };
  fs.rmSync(certificate.keyFile);
  const api = new ApiServer({
    tls,
    registry,
    store,
    kubelet,
    token,
    faults: () => faults,
    serverAddress: () => new URL(url).host,
    minRequestTimeoutSeconds: options.minRequestTimeoutSeconds,
  });
  await new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (api.server.address() as AddressInfo).port;
  url = `https://${host}:${port}`;
  const kubeconfigYaml = buildKubeconfig({
    server: url,
    token,
    certificateAuthority: tls.cert,
  });

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    token,
    certificateAuthority: tls.cert,
    kubeconfigYaml,
    async loadKubeConfig() {
      const { KubeConfig: Config } = await import('@kubernetes/client-node');
      const kc = new Config();
      kc.loadFromString(kubeconfigYaml);
      return kc;
    },
    setFaults(next) {
      faults = { ...next };
    },
    requestCount: () => api.requestCount(),
    podRuntime: (namespace, name) => kubelet.runtimeInfo(namespace, name),
    stop() {
      stopped ??= (async () => {
        jobs.stop();
        replicaSets.stop();
        deployments.stop();
        gc.stop();
        await kubelet.stop();
        await api.stop();
        if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

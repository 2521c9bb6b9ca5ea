import https from 'node:https';
import { PassThrough } from 'node:stream';
import type {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  LogOptions,
  V1Job,
  V1JobCondition,
  V1Pod,
} from '@kubernetes/client-node';
import {
  startLocalCluster,
  type LocalCluster,
  type LocalClusterOptions,
} from '../cluster';

export type ClientModule = typeof import('@kubernetes/client-node');

/** A local cluster with the clients of `@kubernetes/client-node` for it. */
export interface TestCluster {
  cluster: LocalCluster;
  k8s: ClientModule;
  kc: KubeConfig;
  core: CoreV1Api;
  batch: BatchV1Api;
  apps: AppsV1Api;
  objects: KubernetesObjectApi;
  /** Creates a namespace with a unique name and returns the name. */
  createNamespace(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

let namespaces = 0;

/** Fast timings for tests: short Job backoff, quick simulated readiness. */
export const FAST: LocalClusterOptions = {
  jobBackoffBaseMs: 50,
  simulatedReadyDelayMs: 20,
};

export async function startTestCluster(
  options: LocalClusterOptions = {},
): Promise<TestCluster> {
  const cluster = await startLocalCluster({ ...FAST, ...options });
  const k8s = await import('@kubernetes/client-node');
  const kc = await cluster.loadKubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return {
    cluster,
    k8s,
    kc,
    core,
    batch: kc.makeApiClient(k8s.BatchV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    async createNamespace(prefix = 'test') {
      const name = `${prefix}-${++namespaces}`;
      await core.createNamespace({ body: { metadata: { name } } });
      return name;
    },
    stop: () => cluster.stop(),
  };
}

/**
 * One cluster for a test file and, with `namespacePrefix`, a fresh namespace
 * for each test: `use` receives them before every test.
 */
export function useTestCluster(
  use: (cluster: TestCluster, namespace: string) => void,
  options: { namespacePrefix?: string; cluster?: LocalClusterOptions } = {},
) {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster(options.cluster);
    use(cluster, '');
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  if (options.namespacePrefix) {
    beforeEach(async () => {
      use(cluster, await cluster.createNamespace(options.namespacePrefix));
    });
  }
}

/** The `Status` body of a failed request, as the server sent it. */
export interface StatusBody {
  kind: string;
  status: string;
  code: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    retryAfterSeconds?: number;
  };
}

/**
 * Awaits a request that must fail and returns the HTTP code, the headers and
 * the `Status` body the client received.
 */
export async function apiError(request: Promise<unknown>): Promise<{
  code: number;
  status: StatusBody;
  headers: Record<string, string>;
}> {
  let failure: any;
  try {
    await request;
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error('the request did not fail');
  if (typeof failure.code !== 'number') throw failure;
  const body =
    typeof failure.body === 'string' && failure.body
      ? JSON.parse(failure.body)
      : failure.body;
  return { code: failure.code, status: body, headers: failure.headers ?? {} };
}

/**
 * Polls `check` until it returns something other than `undefined`/`false`,
 * or fails after `timeoutMs` with the last value seen.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  description: string,
  { timeoutMs = 15_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${description}${
          lastError ? `: ${String(lastError)}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** Polls a pod until `predicate` holds for it. */
export function waitForPod(
  t: TestCluster,
  namespace: string,
  name: string,
  predicate: (pod: V1Pod) => boolean,
  description: string,
  timeoutMs?: number,
): Promise<V1Pod> {
  return waitFor(
    async () => {
      const pod = await t.core.readNamespacedPod({ name, namespace });
      return predicate(pod) ? pod : undefined;
    },
    `pod ${namespace}/${name}: ${description}`,
    { timeoutMs },
  );
}

/** A Job's condition of `type` when it is True. */
export function jobCondition(
  job: V1Job,
  type: string,
): V1JobCondition | undefined {
  return job.status?.conditions?.find(
    c => c.type === type && c.status === 'True',
  );
}

/** Polls a Job until `predicate` holds for it (Jobs run real processes: a generous timeout). */
export function waitForJob(
  t: TestCluster,
  namespace: string,
  name: string,
  predicate: (job: V1Job) => boolean,
  description: string,
  timeoutMs = 60_000,
): Promise<V1Job> {
  return waitFor(
    async () => {
      const job = await t.batch.readNamespacedJob({ name, namespace });
      return predicate(job) ? job : undefined;
    },
    `job ${namespace}/${name}: ${description}`,
    { timeoutMs },
  );
}

export interface WatchEvent<T = any> {
  type: string;
  object: T;
}

/** A watch through the client's `Watch`, collecting its events. */
export interface CollectedWatch<T = any> {
  events: Array<WatchEvent<T>>;
  /** Settles with the `done` callback's error (null when closed cleanly). */
  done: Promise<unknown>;
  /** Waits for an event matching `predicate` (already received or not). */
  next(
    predicate: (event: WatchEvent<T>) => boolean,
    description: string,
    timeoutMs?: number,
  ): Promise<WatchEvent<T>>;
  abort(): void;
}

export async function collectWatch<T = any>(
  t: TestCluster,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
): Promise<CollectedWatch<T>> {
  const events: Array<WatchEvent<T>> = [];
  const waiters = new Set<() => void>();
  let finish!: (err: unknown) => void;
  const done = new Promise<unknown>(resolve => {
    finish = resolve;
  });
  const watch = new t.k8s.Watch(t.kc);
  const controller = await watch.watch(
    path,
    query,
    (type, object) => {
      events.push({ type, object });
      waiters.forEach(w => w());
    },
    err => finish(err),
  );
  return {
    events,
    done,
    abort: () => controller.abort(),
    next(predicate, description, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const state: { timer?: NodeJS.Timeout } = {};
        const check = () => {
          const found = events.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(state.timer);
          resolve(found);
          return true;
        };
        if (check()) return;
        waiters.add(check);
        state.timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out waiting for watch event: ${description}; got ${events
                .map(e => e.type)
                .join(', ')}`,
            ),
          );
        }, timeoutMs);
      });
    },
  };
}

/**
 * Reads a container's log through the client's `Log` until the server ends
 * the response; `onData` sees each chunk as it arrives.
 */
export async function readLog(
  t: TestCluster,
  namespace: string,
  pod: string,
  container: string,
  options: LogOptions = {},
  onData?: (chunk: string, soFar: string) => void,
): Promise<string> {
  const stream = new PassThrough();
  let text = '';
  const ended = new Promise<string>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      onData?.(chunk.toString('utf8'), text);
    });
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
  await new t.k8s.Log(t.kc).log(namespace, pod, container, stream, options);
  return ended;
}

/** The only pod of a Job, once the Job controller made it. */
export async function podsOf(
  t: TestCluster,
  namespace: string,
  labelSelector: string,
): Promise<V1Pod[]> {
  const list = await t.core.listNamespacedPod({ namespace, labelSelector });
  return list.items;
}

/** Whether a read answers 404 (other errors are thrown). */
export async function isNotFound(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return false;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return true;
    throw error;
  }
}

/**
 * A plain HTTPS request to the cluster (trusting its certificate), for what
 * the typed clients never send: other content types, odd methods, no token.
 */
export function rawRequest(
  t: TestCluster,
  method: string,
  path: string,
  options: {
    headers?: Record<string, string>;
    body?: string | Buffer;
    token?: boolean;
  } = {},
): Promise<{ code: number; body: string; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== false) {
    headers.Authorization = `Bearer ${t.cluster.token}`;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${t.cluster.url}${path}`,
      { method, ca: t.cluster.certificateAuthority, headers },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ code: res.statusCode ?? 0, body, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { PassThrough } from 'node:stream';
import {
  ClusterApiError,
  ClusterClient,
  DeletePreconditions,
  ObjectRef,
  refOf,
  WatchEventType,
  WatchHandle,
  WatchOptions,
} from './ClusterClient';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './retry';

type ClientModule = typeof import('@kubernetes/client-node');

/** Resource names of the kinds the plugin watches. */
const WATCHED_RESOURCES: Record<string, string> = {
  Pod: 'pods',
  Job: 'jobs',
  Deployment: 'deployments',
  Service: 'services',
  Ingress: 'ingresses',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
};

/** The watch path of a kind, across namespaces or in one. */
function watchPath(apiVersion: string, kind: string, namespace?: string) {
  const resource = WATCHED_RESOURCES[kind];
  if (!resource)
    throw new Error(`No watch path known for ${apiVersion} ${kind}`);
  const group = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${group}${scope}/${resource}`;
}

const WATCH_RESTART_DELAY_MS = 1_000;

/** {@link ClusterClient} on the official `@kubernetes/client-node`. */
export class KubernetesClusterClient implements ClusterClient {
  /**
   * The client library is ESM-only; it is loaded here, once, so that the
   * rest of this CommonJS plugin only ever imports its types.
   */
  static async create(options: {
    kubeConfig: KubeConfig;
    logger: LoggerService;
    retry?: RetryOptions;
  }): Promise<KubernetesClusterClient> {
    const k8s = await import('@kubernetes/client-node');
    return new KubernetesClusterClient(
      k8s,
      options.kubeConfig,
      k8s.KubernetesObjectApi.makeApiClient(options.kubeConfig),
      options.logger,
      options.retry ?? DEFAULT_RETRY,
    );
  }

  private constructor(
    private readonly k8s: ClientModule,
    private readonly kubeConfig: KubeConfig,
    private readonly api: KubernetesObjectApi,
    private readonly logger: LoggerService,
    private readonly retry: RetryOptions,
  ) {}

  async get<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    try {
      return await this.call(() =>
        this.api.read<T>({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        }),
      );
    } catch (error) {
      if (error instanceof ClusterApiError && error.code === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async ensure<T extends KubernetesObject>(
    object: T,
  ): Promise<{ object: T; created: boolean }> {
    try {
      const created = await this.call(() => this.api.create(object));
      return { object: created, created: true };
    } catch (error) {
      if (!(error instanceof ClusterApiError) || error.code !== 409) {
        throw error;
      }
    }
    const existing = await this.get<T>(refOf(object));
    if (!existing) {
      // Deleted between our create and read: try once more from the top.
      return this.ensure(object);
    }
    return { object: existing, created: false };
  }

  async replace<T extends KubernetesObject>(object: T): Promise<T> {
    return this.call(() => this.api.replace(object));
  }

  async delete(
    ref: ObjectRef,
    propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background',
    preconditions?: DeletePreconditions,
  ): Promise<boolean> {
    try {
      await this.call(() =>
        this.api.delete(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          propagationPolicy,
          preconditions ? { preconditions } : undefined,
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ClusterApiError && error.code === 404) return false;
      // A precondition that failed: the object we meant is gone already.
      if (
        preconditions &&
        error instanceof ClusterApiError &&
        error.code === 409
      ) {
        return false;
      }
      throw error;
    }
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    const result = await this.call(() =>
      this.api.list<T>(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      ),
    );
    return result.items;
  }

  async readPodLog(
    namespace: string,
    pod: string,
    container: string,
  ): Promise<string> {
    let text = '';
    await this.followPodLog(
      namespace,
      pod,
      container,
      chunk => {
        text += chunk;
      },
      new AbortController().signal,
      false,
    );
    return text;
  }

  async followPodLog(
    namespace: string,
    pod: string,
    container: string,
    onText: (text: string) => void | Promise<void>,
    signal: AbortSignal,
    follow = true,
  ): Promise<void> {
    const sink = new PassThrough();
    sink.setEncoding('utf8');
    // Reading one chunk at a time lets the HTTP response wait for us.
    const ended = (async () => {
      try {
        for await (const chunk of sink) await onText(chunk as string);
      } catch {
        // A broken stream ends the log; the caller has the archive.
      }
    })();
    const controller = await this.call(() =>
      new this.k8s.Log(this.kubeConfig).log(namespace, pod, container, sink, {
        follow,
      }),
    );
    const abort = () => {
      controller.abort();
      sink.end();
    };
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await ended;
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }

  watch<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    onEvent: (type: WatchEventType, object: T) => void,
    options: WatchOptions<T> = {},
  ): WatchHandle {
    const { namespace, onList, onError } = options;
    const path = watchPath(apiVersion, kind, namespace);
    const watcher = new this.k8s.Watch(this.kubeConfig);
    let stopped = false;
    let current: AbortController | undefined;
    let resourceVersion: string | undefined;

    const relist = async () => {
      const list = await this.call(() =>
        this.api.list<T>(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        ),
      );
      resourceVersion = list.metadata?.resourceVersion;
      // A list's items carry no kind; objects read back must (to be replaced).
      const items = list.items.map(item => ({
        ...item,
        apiVersion: item.apiVersion ?? apiVersion,
        kind: item.kind ?? kind,
      }));
      if (onList) onList(items);
      else for (const item of items) onEvent('ADDED', item);
    };

    const run = async (): Promise<void> => {
      if (stopped) return;
      try {
        if (!resourceVersion) await relist();
        // Stopped while listing: open no watch that nobody would end.
        if (stopped) return;
        current = await watcher.watch(
          path,
          { labelSelector, resourceVersion, allowWatchBookmarks: true },
          (type, object: T) => {
            const rv = object?.metadata?.resourceVersion;
            if (type === 'ERROR') {
              // 410 Gone: our resourceVersion is too old; list again.
              resourceVersion = undefined;
              return;
            }
            if (rv) resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            onEvent(type as WatchEventType, object);
          },
          error => {
            if (stopped) return;
            if (error && (error as { code?: number }).code === 410) {
              resourceVersion = undefined;
            }
            if (error && (error as { name?: string }).name !== 'AbortError') {
              this.logger.debug(`Watch of ${kind} ended: ${error}`);
            }
            // The API server refused the watch itself (403 without the
            // watch verb, say): whoever relies on the events must know.
            const status = (error as { statusCode?: number } | null)
              ?.statusCode;
            if (status) {
              onError?.(new ClusterApiError(String(error), status));
              if (stopped) return;
            }
            setTimeout(run, error ? WATCH_RESTART_DELAY_MS : 0);
          },
        );
        if (stopped) current.abort();
      } catch (error) {
        if (stopped) return;
        this.logger.warn(`Watch of ${kind} failed, retrying: ${error}`);
        onError?.(error);
        resourceVersion = undefined;
        setTimeout(run, WATCH_RESTART_DELAY_MS);
      }
    };
    run();
    return {
      stop() {
        stopped = true;
        current?.abort();
      },
    };
  }

  /** Retries transient failures and turns client errors into ours. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(async () => {
      try {
        return await fn();
      } catch (error) {
        throw toClusterError(this.k8s, error);
      }
    }, this.retry);
  }
}

function toClusterError(k8s: ClientModule, error: unknown): unknown {
  if (error instanceof k8s.ApiException) {
    const body = parseBody(error.body);
    return new ClusterApiError(
      body?.message ?? `Kubernetes API error ${error.code}`,
      error.code,
      body?.reason,
    );
  }
  return error;
}

function parseBody(
  body: unknown,
): { message?: string; reason?: string } | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return { message: body };
    }
  }
  return body as { message?: string; reason?: string } | undefined;
}

import type { KubernetesObject } from '@kubernetes/client-node';

/** Addresses one object of any kind. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Conditions a delete must meet, checked by the API server: the object
 * still has this uid (is not a newer object of the same name) or version.
 */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/** The address of an object. */
export function refOf(object: KubernetesObject): ObjectRef {
  return {
    apiVersion: object.apiVersion!,
    kind: object.kind!,
    namespace: object.metadata?.namespace,
    name: object.metadata!.name!,
  };
}

/** What a watch reports. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Optional settings of a watch. */
export interface WatchOptions<T extends KubernetesObject> {
  /** Watch this namespace only (by default, every namespace). */
  namespace?: string;
  /**
   * Receives everything each (re)list found, in one call, instead of an
   * ADDED event per object: what a cache needs to forget the objects that
   * were deleted while the watch was down.
   */
  onList?: (objects: T[]) => void;
  /** Told when a (re)list fails; the watch keeps retrying by itself. */
  onError?: (error: unknown) => void;
}

/** A running watch; `stop()` ends it for good. */
export interface WatchHandle {
  stop(): void;
}

/**
 * The cluster operations the pipeline needs, kind-agnostic. Transient API
 * errors (5xx, 429, network) are retried with backoff inside; what reaches
 * the caller is final.
 */
export interface ClusterClient {
  /** The object, or undefined when it does not exist. */
  get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined>;
  /**
   * Creates the object; when one of that name exists already, returns the
   * existing one with `created: false` (how idempotent steps stay idempotent).
   */
  ensure<T extends KubernetesObject>(
    object: T,
  ): Promise<{ object: T; created: boolean }>;
  replace<T extends KubernetesObject>(object: T): Promise<T>;
  /**
   * Returns false when there was nothing to delete, or nothing that met the
   * preconditions.
   */
  delete(
    ref: ObjectRef,
    propagationPolicy?: 'Background' | 'Foreground' | 'Orphan',
    preconditions?: DeletePreconditions,
  ): Promise<boolean>;
  list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]>;
  readPodLog(
    namespace: string,
    pod: string,
    container: string,
  ): Promise<string>;
  /**
   * Streams a pod's log from the start and follows it until the container
   * ends or `signal` aborts. Resolves when the stream ends. The stream
   * waits for a promise `onText` returns, so a slow reader slows the
   * stream down instead of filling memory.
   */
  followPodLog(
    namespace: string,
    pod: string,
    container: string,
    onText: (text: string) => void | Promise<void>,
    signal: AbortSignal,
  ): Promise<void>;
  /**
   * Watches objects of a kind in every namespace (or one), re-listing and
   * resuming by itself after a dropped connection. `onEvent` also receives
   * the objects found by each (re)list as ADDED, unless `options.onList`
   * takes them.
   */
  watch<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    onEvent: (type: WatchEventType, object: T) => void,
    options?: WatchOptions<T>,
  ): WatchHandle;
}

/** An API error Kubernetes answered with a Status body. */
export class ClusterApiError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ClusterApiError';
  }
}

/** True for errors worth another try: the server or the network, not us. */
export function isTransientError(error: unknown): boolean {
  if (error instanceof ClusterApiError) {
    return error.code === 429 || error.code >= 500;
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'number') return code === 429 || code >= 500;
  // Network errors (ECONNRESET, ECONNREFUSED, socket hang up, timeouts).
  return true;
}

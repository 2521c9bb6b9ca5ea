import type { KubernetesObject } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterClient,
  DeletePreconditions,
  ObjectRef,
  refOf,
  WatchEventType,
  WatchHandle,
  WatchOptions,
} from './ClusterClient';
import { Informer } from './Informer';
import { impliesSelector, parseLabelSelector } from './labelSelector';

/** A kind, as the API names it. */
export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** What a {@link CachedClusterClient} keeps copies of. */
export interface CacheSettings {
  /**
   * Kinds watched in every namespace, only the objects matching
   * `labelSelector` (the objects one owns). A read the selector does not
   * cover goes to the API server.
   */
  labelled: { kinds: KindRef[]; labelSelector: string };
  /**
   * Kinds watched whole, one namespace at a time, from the first read in
   * that namespace on (for objects others own that one reads by name).
   */
  perNamespace: KindRef[];
}

/**
 * How long the API server's "not found" for an object a labelled cache does
 * not hold is trusted. The labelled cache sees every object of ours; the
 * API server is asked only whether one without our labels has the name, and
 * no watch can tell when one appears. Such objects are not the plugin's
 * and rare, while a project waiting for its database server's turn looks
 * for its db-init Job at every resync: at 1,000 waiting projects, asking
 * each time would be 1,000 requests per resync (docs/decisions/0028).
 */
export const CONFIRMED_ABSENT_MS = 10 * 60_000;

/**
 * A {@link ClusterClient} that serves reads from watch-fed caches
 * ({@link Informer}s) and passes everything else to the client it wraps.
 * Writes go to the API server; what they return goes into the cache at once
 * (read-your-writes). A cache read may still lag behind a change someone
 * else made; writes stay safe because replace carries the resourceVersion
 * it was based on and deletes that matter carry a uid precondition.
 */
export class CachedClusterClient implements ClusterClient {
  private readonly labelled = new Map<string, Informer>();
  private readonly namespaced = new Map<string, Informer>();
  private readonly perNamespaceKinds: Set<string>;
  /** Objects the API server said it lacks, and until when to believe it. */
  private readonly confirmedAbsent = new Map<string, number>();
  /** Its size at which what has run out is forgotten. */
  private pruneAbsentAt = 1_000;
  private readonly labelledRequirements;
  private stopped = false;

  constructor(
    private readonly inner: ClusterClient,
    private readonly settings: CacheSettings,
    private readonly logger: LoggerService,
  ) {
    this.perNamespaceKinds = new Set(settings.perNamespace.map(kindKey));
    this.labelledRequirements = parseLabelSelector(
      settings.labelled.labelSelector,
    )!;
    for (const kind of settings.labelled.kinds) {
      this.labelled.set(
        kindKey(kind),
        this.startInformer({
          ...kind,
          labelSelector: settings.labelled.labelSelector,
        }),
      );
    }
  }

  async get<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    const informer = await this.readyInformer(ref, ref.namespace);
    if (!informer) return this.inner.get<T>(ref);
    const cached = informer.get(ref.namespace, ref.name) as T | undefined;
    if (cached || informer.scope.labelSelector === '') return cached;
    // Not in a labelled cache: it may exist without the labels. Ask the API
    // server, and believe its "no" for a while.
    const key = refKey(ref);
    if ((this.confirmedAbsent.get(key) ?? 0) > Date.now()) return undefined;
    const found = await this.inner.get<T>(ref);
    if (found) this.confirmedAbsent.delete(key);
    else this.rememberAbsent(key);
    return found;
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    const requirements = parseLabelSelector(labelSelector);
    const informer = requirements
      ? await this.readyInformer({ apiVersion, kind }, namespace)
      : undefined;
    const covered =
      informer &&
      (informer.scope.labelSelector === '' ||
        impliesSelector(requirements!, this.labelledRequirements));
    if (!covered) {
      return this.inner.list<T>(apiVersion, kind, namespace, labelSelector);
    }
    return informer.list(namespace, requirements!) as T[];
  }

  async ensure<T extends KubernetesObject>(
    object: T,
  ): Promise<{ object: T; created: boolean }> {
    const ref = refOf(object);
    const informer = await this.readyInformer(ref, ref.namespace);
    const cached = informer?.get(ref.namespace, ref.name) as T | undefined;
    if (cached) return { object: cached, created: false };
    const result = await this.inner.ensure(object);
    this.confirmedAbsent.delete(refKey(ref));
    informer?.written(result.object);
    return result;
  }

  async replace<T extends KubernetesObject>(object: T): Promise<T> {
    const replaced = await this.inner.replace(object);
    this.confirmedAbsent.delete(refKey(refOf(object)));
    this.informerOf(refOf(object))?.written(replaced);
    return replaced;
  }

  async delete(
    ref: ObjectRef,
    propagationPolicy?: 'Background' | 'Foreground' | 'Orphan',
    preconditions?: DeletePreconditions,
  ): Promise<boolean> {
    const deleted = await this.inner.delete(
      ref,
      propagationPolicy,
      preconditions,
    );
    if (deleted) this.informerOf(ref)?.deleted(ref.namespace, ref.name);
    return deleted;
  }

  readPodLog(namespace: string, pod: string, container: string) {
    return this.inner.readPodLog(namespace, pod, container);
  }

  followPodLog(
    namespace: string,
    pod: string,
    container: string,
    onText: (text: string) => void | Promise<void>,
    signal: AbortSignal,
  ) {
    return this.inner.followPodLog(namespace, pod, container, onText, signal);
  }

  /**
   * A watch of a cached kind with the cache's own selector listens to the
   * cache (one watch on the API server, and its events come after the cache
   * holds them); any other goes to the API server.
   */
  watch<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    onEvent: (type: WatchEventType, object: T) => void,
    options?: WatchOptions<T>,
  ): WatchHandle {
    const informer = this.labelled.get(kindKey({ apiVersion, kind }));
    if (
      !informer ||
      options ||
      labelSelector !== this.settings.labelled.labelSelector
    ) {
      return this.inner.watch(
        apiVersion,
        kind,
        labelSelector,
        onEvent,
        options,
      );
    }
    const unsubscribe = informer.subscribe((type, object) =>
      onEvent(type, object as T),
    );
    return { stop: unsubscribe };
  }

  /** Ends every watch; reads go to the API server from then on. */
  stop(): void {
    this.stopped = true;
    for (const informer of [
      ...this.labelled.values(),
      ...this.namespaced.values(),
    ]) {
      informer.stop();
    }
    this.labelled.clear();
    this.namespaced.clear();
  }

  /** The informer that holds this kind in this namespace, once it has listed. */
  private async readyInformer(
    kind: KindRef,
    namespace: string | undefined,
  ): Promise<Informer | undefined> {
    const informer =
      this.labelled.get(kindKey(kind)) ??
      this.namespacedInformer(kind, namespace);
    return informer && (await informer.ready()) ? informer : undefined;
  }

  private rememberAbsent(key: string): void {
    const now = Date.now();
    // Forget what has run out now and then (deleted projects' names), each
    // time the map has doubled: a look at every entry costs little then.
    if (this.confirmedAbsent.size >= this.pruneAbsentAt) {
      for (const [known, until] of this.confirmedAbsent) {
        if (until <= now) this.confirmedAbsent.delete(known);
      }
      this.pruneAbsentAt = Math.max(1_000, 2 * this.confirmedAbsent.size);
    }
    this.confirmedAbsent.set(key, now + CONFIRMED_ABSENT_MS);
  }

  private informerOf(ref: ObjectRef): Informer | undefined {
    return (
      this.labelled.get(kindKey(ref)) ??
      (ref.namespace
        ? this.namespaced.get(`${kindKey(ref)}@${ref.namespace}`)
        : undefined)
    );
  }

  private namespacedInformer(
    kind: KindRef,
    namespace: string | undefined,
  ): Informer | undefined {
    if (!namespace || this.stopped) return undefined;
    if (!this.perNamespaceKinds.has(kindKey(kind))) return undefined;
    const key = `${kindKey(kind)}@${namespace}`;
    let informer = this.namespaced.get(key);
    if (!informer) {
      informer = this.startInformer({ ...kind, labelSelector: '', namespace });
      this.namespaced.set(key, informer);
    }
    return informer;
  }

  private startInformer(scope: Informer['scope']): Informer {
    return new Informer(this.inner, scope, error =>
      this.logger.warn(
        `Cannot watch ${scope.kind} objects${
          scope.namespace ? ` in namespace ${scope.namespace}` : ''
        } (${error}); reading them from the API server each time instead. Grant list and watch on them to the backend's service account.`,
      ),
    );
  }
}

function kindKey(kind: KindRef): string {
  return `${kind.apiVersion}/${kind.kind}`;
}

function refKey(ref: ObjectRef): string {
  return `${kindKey(ref)}/${ref.namespace ?? ''}/${ref.name}`;
}

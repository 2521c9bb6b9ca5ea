import type { KubernetesObject } from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  CachedClusterClient,
  CONFIRMED_ABSENT_MS,
} from './CachedClusterClient';
import {
  ClusterApiError,
  ClusterClient,
  DeletePreconditions,
  ObjectRef,
  WatchEventType,
  WatchOptions,
} from './ClusterClient';
import { matchesLabels, parseLabelSelector } from './labelSelector';

type Listener = (type: WatchEventType, object: KubernetesObject) => void;

interface FakeWatch {
  kind: string;
  namespace?: string;
  selector: string;
  onEvent: Listener;
  options: WatchOptions<KubernetesObject>;
  stopped: boolean;
}

/**
 * An API server in memory: objects with resourceVersions, watches that the
 * test drives (list, events, expiry), and a log of every call that would be
 * a request.
 */
class FakeCluster implements ClusterClient {
  readonly requests: string[] = [];
  readonly watches: FakeWatch[] = [];
  private readonly objects = new Map<string, KubernetesObject>();
  private version = 100;
  forbidden = new Set<string>();

  /** Puts an object in the store without telling any watch (a lagging watch). */
  put(object: KubernetesObject): KubernetesObject {
    const stored = {
      ...object,
      metadata: {
        ...object.metadata,
        uid:
          object.metadata?.uid ??
          `uid-${object.metadata?.name}-${this.version}`,
        resourceVersion: String(++this.version),
      },
    };
    this.objects.set(key(stored), stored);
    return stored;
  }

  /** Changes an object and tells the watches. */
  change(type: WatchEventType, object: KubernetesObject) {
    const stored =
      type === 'DELETED'
        ? {
            ...object,
            metadata: {
              ...object.metadata,
              resourceVersion: String(++this.version),
            },
          }
        : this.put(object);
    if (type === 'DELETED') this.objects.delete(key(object));
    for (const w of this.watches) {
      if (!w.stopped && this.inScope(w, stored)) w.onEvent(type, stored);
    }
    return stored;
  }

  /** The watch has expired: the client lists again. */
  relist(kind: string) {
    for (const w of this.watches) {
      if (w.kind !== kind || w.stopped) continue;
      this.requests.push(`list ${kind}`);
      w.options.onList!(
        [...this.objects.values()].filter(o => this.inScope(w, o)),
      );
    }
  }

  async get<T extends KubernetesObject>(ref: ObjectRef) {
    this.requests.push(`get ${ref.kind} ${ref.name}`);
    return this.objects.get(refKey(ref)) as T | undefined;
  }

  async ensure<T extends KubernetesObject>(object: T) {
    this.requests.push(`create ${object.kind} ${object.metadata?.name}`);
    const existing = this.objects.get(key(object));
    if (existing) return { object: existing as T, created: false };
    return { object: this.change('ADDED', object) as T, created: true };
  }

  async replace<T extends KubernetesObject>(object: T) {
    this.requests.push(`replace ${object.kind} ${object.metadata?.name}`);
    const existing = this.objects.get(key(object));
    if (
      existing?.metadata?.resourceVersion !== object.metadata?.resourceVersion
    ) {
      throw new ClusterApiError('conflict', 409);
    }
    return this.change('MODIFIED', object) as T;
  }

  async delete(
    ref: ObjectRef,
    _policy?: string,
    preconditions?: DeletePreconditions,
  ) {
    this.requests.push(`delete ${ref.kind} ${ref.name}`);
    const existing = this.objects.get(refKey(ref));
    if (!existing) return false;
    if (preconditions?.uid && preconditions.uid !== existing.metadata?.uid) {
      return false;
    }
    this.change('DELETED', existing);
    return true;
  }

  async list<T extends KubernetesObject>(
    _apiVersion: string,
    kind: string,
    namespace: string | undefined,
    selector?: string,
  ) {
    this.requests.push(`list ${kind}`);
    const requirements = parseLabelSelector(selector)!;
    return [...this.objects.values()].filter(
      o =>
        o.kind === kind &&
        (!namespace || o.metadata?.namespace === namespace) &&
        matchesLabels(requirements, o.metadata?.labels),
    ) as T[];
  }

  async readPodLog() {
    return '';
  }

  async followPodLog() {}

  watch<T extends KubernetesObject>(
    _apiVersion: string,
    kind: string,
    selector: string,
    onEvent: (type: WatchEventType, object: T) => void,
    options: WatchOptions<T> = {},
  ) {
    const w: FakeWatch = {
      kind,
      namespace: options.namespace,
      selector,
      onEvent: onEvent as Listener,
      options: options as WatchOptions<KubernetesObject>,
      stopped: false,
    };
    this.watches.push(w);
    // Listing happens in the background, as over the network.
    setImmediate(() => {
      if (this.forbidden.has(kind)) {
        this.requests.push(`list ${kind}`);
        options.onError?.(new ClusterApiError('forbidden', 403));
        return;
      }
      this.relist(kind);
    });
    return {
      stop: () => {
        w.stopped = true;
      },
    };
  }

  private inScope(w: FakeWatch, o: KubernetesObject) {
    return (
      o.kind === w.kind &&
      (!w.namespace || o.metadata?.namespace === w.namespace) &&
      matchesLabels(parseLabelSelector(w.selector)!, o.metadata?.labels)
    );
  }
}

function key(o: KubernetesObject) {
  return `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;
}

function refKey(r: ObjectRef) {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

const OURS = { owner: 'us' };

function anObject(
  kind: string,
  name: string,
  extra: Partial<KubernetesObject['metadata']> & { data?: object } = {},
): KubernetesObject {
  const { data, ...metadata } = extra;
  return {
    apiVersion: kind === 'Job' ? 'batch/v1' : 'v1',
    kind,
    metadata: { name, namespace: 'team', ...metadata },
    ...(data ? { data } : {}),
  } as KubernetesObject;
}

const ref = (kind: string, name: string, namespace = 'team'): ObjectRef => ({
  apiVersion: kind === 'Job' ? 'batch/v1' : 'v1',
  kind,
  namespace,
  name,
});

function setUp() {
  const fake = new FakeCluster();
  const logger = mockServices.logger.mock();
  const cached = new CachedClusterClient(
    fake,
    {
      labelled: {
        kinds: [{ apiVersion: 'batch/v1', kind: 'Job' }],
        labelSelector: 'owner=us',
      },
      perNamespace: [{ apiVersion: 'v1', kind: 'Secret' }],
    },
    logger,
  );
  return { fake, cached, logger };
}

describe('CachedClusterClient', () => {
  it('serves gets and lists of watched kinds from the cache, without requests', async () => {
    const { fake, cached } = setUp();
    fake.put(anObject('Job', 'init', { labels: OURS }));
    fake.put(anObject('Secret', 'db', { data: { password: 'x' } }));
    expect(await cached.get(ref('Job', 'init'))).toBeDefined();
    expect(await cached.get(ref('Secret', 'db'))).toBeDefined();
    const before = fake.requests.length;

    for (let i = 0; i < 3; i++) {
      expect((await cached.get(ref('Job', 'init')))?.metadata?.name).toBe(
        'init',
      );
      expect(await cached.get(ref('Secret', 'db'))).toBeDefined();
      expect(await cached.get(ref('Secret', 'gone'))).toBeUndefined();
      expect(
        await cached.list('batch/v1', 'Job', 'team', 'owner=us,extra!=1'),
      ).toHaveLength(1);
      expect(
        await cached.ensure(anObject('Job', 'init', { labels: OURS })),
      ).toMatchObject({ created: false });
    }
    expect(fake.requests.slice(before)).toEqual([]);
    // Listed once each: the labelled Jobs everywhere, the Secrets of "team".
    expect(fake.requests).toEqual(['list Job', 'list Secret']);
  });

  it('asks the API server for what the cache cannot answer', async () => {
    const { fake, cached } = setUp();
    // A Job without our labels is not in the cache but exists.
    fake.put(anObject('Job', 'foreign'));
    fake.put(anObject('Secret', 'elsewhere', { namespace: 'other' }));
    await cached.get(ref('Job', 'warm-up'));
    fake.requests.length = 0;

    expect(await cached.get(ref('Job', 'foreign'))).toBeDefined();
    // A selector narrower than the cache's is not known to be covered.
    await cached.list('batch/v1', 'Job', 'team', 'job-name=x');
    // Kinds the cache does not hold.
    await cached.get(ref('ConfigMap', 'c'));
    // Secrets across every namespace are not cached; one namespace is.
    await cached.list('v1', 'Secret', undefined);
    expect(fake.requests).toEqual([
      'get Job foreign',
      'list Job',
      'get ConfigMap c',
      'list Secret',
    ]);
  });

  it('believes the API server that an object the labelled cache lacks is absent, for a while', async () => {
    const { fake, cached } = setUp();
    await cached.get(ref('Job', 'warm-up'));
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      fake.requests.length = 0;
      expect(await cached.get(ref('Job', 'init'))).toBeUndefined();
      // A project waiting for its turn looks again at every resync.
      expect(await cached.get(ref('Job', 'init'))).toBeUndefined();
      expect(fake.requests).toEqual(['get Job init']);

      // One without our labels appears: no watch tells, the next check does.
      fake.put(anObject('Job', 'init'));
      now.mockReturnValue(1_000_000 + CONFIRMED_ABSENT_MS - 1);
      expect(await cached.get(ref('Job', 'init'))).toBeUndefined();
      now.mockReturnValue(1_000_000 + CONFIRMED_ABSENT_MS);
      expect(await cached.get(ref('Job', 'init'))).toBeDefined();
      expect(fake.requests).toEqual(['get Job init', 'get Job init']);

      // Our own write of a name is known at once.
      expect(await cached.get(ref('Job', 'mine'))).toBeUndefined();
      await cached.ensure(anObject('Job', 'mine'));
      expect(await cached.get(ref('Job', 'mine'))).toBeDefined();
    } finally {
      now.mockRestore();
    }
  });

  it('reads its own writes at once, before the watch reports them', async () => {
    const { fake, cached } = setUp();
    await cached.get(ref('Secret', 'warm-up'));
    // The watch lags: nothing it reports reaches the cache in this test.
    for (const w of fake.watches) w.stopped = true;

    const { object: created, created: isNew } = await cached.ensure(
      anObject('Secret', 'keys', { data: { a: '1' } }),
    );
    expect(isNew).toBe(true);
    expect(await cached.get(ref('Secret', 'keys'))).toEqual(created);

    const replaced = await cached.replace({
      ...created,
      data: { a: '2' },
    } as KubernetesObject);
    expect(await cached.get(ref('Secret', 'keys'))).toEqual(replaced);

    expect(await cached.delete(ref('Secret', 'keys'))).toBe(true);
    expect(await cached.get(ref('Secret', 'keys'))).toBeUndefined();
  });

  it('never lets a late watch event overwrite a newer write', async () => {
    const { fake, cached } = setUp();
    await cached.get(ref('Secret', 'warm-up'));
    const watch = fake.watches.find(w => w.kind === 'Secret')!;
    const events: Array<[WatchEventType, KubernetesObject]> = [];
    watch.stopped = true; // hold the events back, deliver them late
    const original = watch.onEvent;
    watch.onEvent = (type, o) => events.push([type, o]);
    watch.stopped = false;

    const { object: v1 } = await cached.ensure(
      anObject('Secret', 'keys', { data: { a: '1' } }),
    );
    const v2 = await cached.replace({
      ...v1,
      data: { a: '2' },
    } as KubernetesObject);
    // The watch now reports the creation (older than what we hold).
    for (const [type, o] of events) original(type, o);
    expect(await cached.get(ref('Secret', 'keys'))).toEqual(v2);

    // A delete and re-creation: the old deletion event must not remove the new one.
    await cached.delete(ref('Secret', 'keys'));
    events.length = 0;
    const { object: v3 } = await cached.ensure(
      anObject('Secret', 'keys', { data: { a: '3' } }),
    );
    expect(await cached.get(ref('Secret', 'keys'))).toEqual(v3);
    original('DELETED', {
      ...v2,
      metadata: {
        ...v2.metadata,
        resourceVersion: String(Number(v2.metadata!.resourceVersion) + 1),
      },
    });
    expect(await cached.get(ref('Secret', 'keys'))).toEqual(v3);
  });

  it('follows watch events, and forgets what was deleted while the watch was down', async () => {
    const { fake, cached } = setUp();
    const gone = fake.put(anObject('Job', 'gone', { labels: OURS }));
    await cached.get(ref('Job', 'warm-up'));
    expect(await cached.get(ref('Job', 'gone'))).toBeDefined();

    fake.change('ADDED', anObject('Job', 'new', { labels: OURS }));
    expect(
      (await cached.list('batch/v1', 'Job', 'team', 'owner=us'))
        .map(j => j.metadata?.name)
        .sort(),
    ).toEqual(['gone', 'new']);

    // A label removed: the watch reports it DELETED, the cache lets it go.
    fake.change('DELETED', gone);
    expect(
      await cached.list('batch/v1', 'Job', 'team', 'owner=us'),
    ).toHaveLength(1);

    // Deleted while the watch was down (no event): the relist finds it gone.
    for (const w of fake.watches) w.stopped = true;
    fake.change('DELETED', (await cached.get(ref('Job', 'new')))!);
    expect(
      await cached.list('batch/v1', 'Job', 'team', 'owner=us'),
    ).toHaveLength(1);
    for (const w of fake.watches) w.stopped = false;
    fake.relist('Job');
    expect(
      await cached.list('batch/v1', 'Job', 'team', 'owner=us'),
    ).toHaveLength(0);
  });

  it('shares its watch with a watcher of the same kind and selector', async () => {
    const { fake, cached } = setUp();
    fake.put(anObject('Job', 'a', { labels: OURS }));
    const seen: string[] = [];
    const handle = cached.watch('batch/v1', 'Job', 'owner=us', (type, o) =>
      seen.push(`${type} ${o.metadata?.name}`),
    );
    await cached.get(ref('Job', 'a'));
    fake.change('ADDED', anObject('Job', 'b', { labels: OURS }));
    handle.stop();
    fake.change('ADDED', anObject('Job', 'c', { labels: OURS }));
    expect(seen).toEqual(['ADDED a', 'ADDED b']);
    expect(fake.watches.filter(w => w.kind === 'Job')).toHaveLength(1);
  });

  it('hands out frozen objects, so that no reader changes what others read', async () => {
    const { fake, cached } = setUp();
    fake.put(anObject('Secret', 'db', { data: { password: 'x' } }));
    const secret = (await cached.get(
      ref('Secret', 'db'),
    )) as KubernetesObject & {
      data: Record<string, string>;
    };
    expect(() => {
      secret.data.password = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      secret.metadata!.name = 'changed';
    }).toThrow(TypeError);
  });

  it('stops using a cache whose watch is refused after the list worked', async () => {
    const { fake, cached, logger } = setUp();
    fake.put(anObject('Secret', 'db', { data: { password: 'old' } }));
    await cached.get(ref('Secret', 'db'));
    // Listing is allowed, watching is not: no event will ever come.
    fake.watches.find(w => w.kind === 'Secret')!.options.onError!(
      new ClusterApiError('watch is forbidden', 403),
    );
    fake.put(anObject('Secret', 'db', { data: { password: 'new' } }));
    expect(await cached.get(ref('Secret', 'db'))).toMatchObject({
      data: { password: 'new' },
    });
    expect(fake.watches.find(w => w.kind === 'Secret')!.stopped).toBe(true);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('reads from the API server when it may not watch, and says how to fix it', async () => {
    const { fake, cached, logger } = setUp();
    fake.forbidden.add('Secret');
    fake.put(anObject('Secret', 'db'));
    expect(await cached.get(ref('Secret', 'db'))).toBeDefined();
    expect(await cached.get(ref('Secret', 'db'))).toBeDefined();
    expect(fake.requests.filter(r => r.includes('Secret'))).toEqual([
      'list Secret',
      'get Secret db',
      'get Secret db',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Grant list and watch'),
    );
  });
});

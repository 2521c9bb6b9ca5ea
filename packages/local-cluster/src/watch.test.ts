import type { V1ConfigMap } from '@kubernetes/client-node';
import {
  collectWatch,
  startTestCluster,
  useTestCluster,
  type CollectedWatch,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(30_000);

const mergePatch = (t: TestCluster) =>
  t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch);

describe('watch', () => {
  let t: TestCluster;
  let ns: string;
  const open: CollectedWatch[] = [];

  beforeAll(async () => {
    t = await startTestCluster();
  });

  afterAll(async () => {
    await t?.stop();
  });

  beforeEach(async () => {
    ns = await t.createNamespace('watch');
  });

  afterEach(() => {
    open.splice(0).forEach(w => w.abort());
  });

  const watch = async (
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ) => {
    const w = await collectWatch<V1ConfigMap>(t, path, query);
    open.push(w);
    return w;
  };

  const createConfigMap = (
    name: string,
    labels?: Record<string, string>,
    namespace = ns,
  ) =>
    t.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name, labels }, data: { v: '1' } },
    });

  it('streams ADDED, MODIFIED and DELETED after a list resourceVersion', async () => {
    await createConfigMap('before');
    const list = await t.core.listNamespacedConfigMap({ namespace: ns });
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion,
    });
    const created = await createConfigMap('cm');
    const patched = await t.core.patchNamespacedConfigMap(
      { name: 'cm', namespace: ns, body: { data: { v: '2' } } },
      mergePatch(t),
    );
    await t.core.deleteNamespacedConfigMap({ name: 'cm', namespace: ns });
    await w.next(e => e.type === 'DELETED', 'DELETED');

    expect(w.events.map(e => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'cm'],
      ['MODIFIED', 'cm'],
      ['DELETED', 'cm'],
    ]);
    const [added, modified, deleted] = w.events.map(e => e.object);
    expect(added.metadata?.resourceVersion).toBe(
      created.metadata?.resourceVersion,
    );
    expect(modified.metadata?.resourceVersion).toBe(
      patched.metadata?.resourceVersion,
    );
    expect(modified.data).toEqual({ v: '2' });
    // The DELETED event carries the last state, at the deletion's resourceVersion.
    expect(deleted.data).toEqual({ v: '2' });
    expect(Number(deleted.metadata?.resourceVersion)).toBeGreaterThan(
      Number(patched.metadata?.resourceVersion),
    );
    expect(added.kind).toBe('ConfigMap');
    expect(added.apiVersion).toBe('v1');
  });

  it('starts with the current objects as ADDED without a resourceVersion', async () => {
    await createConfigMap('one');
    await createConfigMap('two');
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`);
    await w.next(e => e.object.metadata?.name === 'two', 'two');
    await createConfigMap('three');
    await w.next(e => e.object.metadata?.name === 'three', 'three');
    expect(w.events.map(e => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'one'],
      ['ADDED', 'two'],
      ['ADDED', 'three'],
    ]);
  });

  it('resumes from a resourceVersion, replaying only what came after it', async () => {
    const first = await createConfigMap('first');
    const resumeFrom = first.metadata!.resourceVersion!;
    await createConfigMap('second');
    await t.core.patchNamespacedConfigMap(
      { name: 'first', namespace: ns, body: { data: { v: 'changed' } } },
      mergePatch(t),
    );
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: resumeFrom,
    });
    await w.next(e => e.type === 'MODIFIED', 'the replayed MODIFIED');
    expect(w.events.map(e => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'second'],
      ['MODIFIED', 'first'],
    ]);
    const versions = w.events.map(e =>
      Number(e.object.metadata?.resourceVersion),
    );
    expect(versions[0]).toBeGreaterThan(Number(resumeFrom));
    expect(versions[1]).toBeGreaterThan(versions[0]);
  });

  it('filters by label selector: objects entering and leaving it are ADDED and DELETED', async () => {
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      labelSelector: 'team=a',
      resourceVersion: (
        await t.core.listNamespacedConfigMap({ namespace: ns })
      ).metadata?.resourceVersion,
    });
    await createConfigMap('other', { team: 'b' });
    await createConfigMap('mover', { team: 'b' });
    await t.core.patchNamespacedConfigMap(
      {
        name: 'mover',
        namespace: ns,
        body: { metadata: { labels: { team: 'a' } } },
      },
      mergePatch(t),
    );
    await t.core.patchNamespacedConfigMap(
      { name: 'mover', namespace: ns, body: { data: { v: '2' } } },
      mergePatch(t),
    );
    await t.core.patchNamespacedConfigMap(
      {
        name: 'mover',
        namespace: ns,
        body: { metadata: { labels: { team: 'c' } } },
      },
      mergePatch(t),
    );
    await w.next(e => e.type === 'DELETED', 'the DELETED of the mover');
    expect(w.events.map(e => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'mover'],
      ['MODIFIED', 'mover'],
      ['DELETED', 'mover'],
    ]);
  });

  it('watches one namespace only, or all of them', async () => {
    const other = await t.createNamespace('watch-other');
    const rv = (await t.core.listNamespace()).metadata?.resourceVersion;
    const mine = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: rv,
    });
    const everywhere = await watch('/api/v1/configmaps', {
      resourceVersion: rv,
    });
    await createConfigMap('elsewhere', undefined, other);
    await createConfigMap('here');
    await mine.next(e => e.object.metadata?.name === 'here', 'here');
    await everywhere.next(e => e.object.metadata?.name === 'here', 'here');
    expect(mine.events.map(e => e.object.metadata?.name)).toEqual(['here']);
    expect(
      everywhere.events.map(e => [
        e.object.metadata?.namespace,
        e.object.metadata?.name,
      ]),
    ).toEqual([
      [other, 'elsewhere'],
      [ns, 'here'],
    ]);
  });

  it('watches a single object by field selector', async () => {
    await createConfigMap('target');
    await createConfigMap('noise');
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      fieldSelector: 'metadata.name=target',
    });
    await t.core.patchNamespacedConfigMap(
      { name: 'noise', namespace: ns, body: { data: { v: '9' } } },
      mergePatch(t),
    );
    await t.core.patchNamespacedConfigMap(
      { name: 'target', namespace: ns, body: { data: { v: '2' } } },
      mergePatch(t),
    );
    await w.next(e => e.type === 'MODIFIED', 'MODIFIED');
    expect(w.events.map(e => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'target'],
      ['MODIFIED', 'target'],
    ]);
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const w = await watch(`/api/v1/namespaces/${ns}/configmaps`, {
      timeoutSeconds: 1,
    });
    await expect(w.done).resolves.toBeNull();
  });
});

describe('watch history', () => {
  let t: TestCluster;
  useTestCluster(
    cluster => {
      t = cluster;
    },
    { cluster: { watchHistorySize: 5 } },
  );

  it('answers a too old resourceVersion with an ERROR event: 410 Expired', async () => {
    const ns = await t.createNamespace('expired');
    const old = await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'old' } },
    });
    for (let i = 0; i < 6; i++) {
      await t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: `newer-${i}` } },
      });
    }
    const w = await collectWatch(t, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: old.metadata?.resourceVersion,
    });
    const error = await w.next(e => e.type === 'ERROR', 'ERROR');
    expect(error.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(error.object.message).toContain(
      `too old resource version: ${old.metadata?.resourceVersion}`,
    );
    await expect(w.done).resolves.toBeNull();
    expect(w.events).toHaveLength(1);

    // A list gives a resourceVersion to start from again.
    const list = await t.core.listNamespacedConfigMap({ namespace: ns });
    const fresh = await collectWatch(t, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion,
    });
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'latest' } },
    });
    const added = await fresh.next(e => e.type === 'ADDED', 'ADDED');
    expect(added.object.metadata.name).toBe('latest');
    fresh.abort();
  });
});

describe('a watch without timeoutSeconds', () => {
  let t: TestCluster;
  useTestCluster(
    cluster => {
      t = cluster;
    },
    { cluster: { minRequestTimeoutSeconds: 1 } },
  );

  it("ends on the server's own timeout, as kube-apiserver's --min-request-timeout makes it, and the client may resume", async () => {
    const ns = await t.createNamespace('server-timeout');
    const w = await collectWatch(t, `/api/v1/namespaces/${ns}/configmaps`);
    await expect(w.done).resolves.toBeNull();

    // The stream ended cleanly: a new watch goes on from where it was.
    const list = await t.core.listNamespacedConfigMap({ namespace: ns });
    const again = await collectWatch(t, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion,
      timeoutSeconds: 600,
    });
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'after' } },
    });
    const added = await again.next(e => e.type === 'ADDED', 'ADDED');
    expect(added.object.metadata?.name).toBe('after');
  });
});

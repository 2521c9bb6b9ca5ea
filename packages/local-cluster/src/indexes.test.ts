import { Registry } from './api/registry';
import { CONFIGMAPS, NAMESPACES } from './api/resources';
import { ObjectStore } from './store/store';
import { WatchHub } from './store/watchHub';
import type { KubeObject } from './types';
import {
  useTestCluster,
  waitForPod,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

describe('the watch history', () => {
  const event = (resourceVersion: number) => ({
    type: 'ADDED' as const,
    resourceKey: '/configmaps',
    object: { metadata: { name: `n${resourceVersion}` } } as KubeObject,
    resourceVersion,
  });

  it('keeps the newest events up to its capacity, however many came', () => {
    const hub = new WatchHub(3);
    for (let rv = 1; rv <= 10; rv++) hub.publish(event(rv));
    expect(hub.oldestResourceVersion()).toBe(7);
    expect(hub.since(7)!.map(e => e.resourceVersion)).toEqual([8, 9, 10]);
    expect(hub.since(9)!.map(e => e.resourceVersion)).toEqual([10]);
    expect(hub.since(10)).toEqual([]);
    expect(hub.since(6)).toBeUndefined();
    hub.publish(event(11));
    expect(hub.since(7)).toBeUndefined();
    expect(hub.since(8)!.map(e => e.resourceVersion)).toEqual([9, 10, 11]);
  });
});

describe("a namespace's list", () => {
  it('holds the objects of that namespace only, in name order, as they come and go', () => {
    const store = new ObjectStore({ watchHistorySize: 100 });
    const registry = new Registry(store);
    for (const name of ['a', 'b']) {
      registry.create(NAMESPACES, undefined, { metadata: { name } });
    }
    for (const [namespace, name] of [
      ['a', 'y'],
      ['b', 'x'],
      ['a', 'x'],
    ]) {
      registry.create(CONFIGMAPS, namespace, { metadata: { name } });
    }
    const names = (namespace?: string) =>
      registry
        .list(CONFIGMAPS, namespace)
        .items.map(o => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names('a')).toEqual(['a/x', 'a/y']);
    expect(names('b')).toEqual(['b/x']);
    expect(names()).toEqual(['a/x', 'a/y', 'b/x']);
    registry.delete(CONFIGMAPS, 'a', 'x');
    registry.update(CONFIGMAPS, 'a', 'y', {
      metadata: { name: 'y' },
      data: { changed: 'yes' },
    });
    expect(names('a')).toEqual(['a/y']);
    expect(registry.list(CONFIGMAPS, 'a').items[0].data).toEqual({
      changed: 'yes',
    });
  });
});

describe('a pod waiting for a Secret', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'waits' },
  );

  it('starts once the Secret is created in its namespace, not in another', async () => {
    await t.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'example/web:1',
              env: [
                {
                  name: 'TOKEN',
                  valueFrom: { secretKeyRef: { name: 'token', key: 'value' } },
                },
              ],
            },
          ],
        },
      },
    });
    const waiting = (pod: { status?: any }) =>
      pod.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
      'CreateContainerConfigError';
    await waitForPod(t, ns, 'web', waiting, 'the pod to wait for its Secret');
    const other = await t.createNamespace('elsewhere');
    const secret = {
      metadata: { name: 'token' },
      stringData: { value: 'secret' },
    };
    await t.core.createNamespacedSecret({ namespace: other, body: secret });
    const stillWaiting = await t.core.readNamespacedPod({
      name: 'web',
      namespace: ns,
    });
    expect(waiting(stillWaiting)).toBe(true);
    await t.core.createNamespacedSecret({ namespace: ns, body: secret });
    await waitForPod(
      t,
      ns,
      'web',
      pod => !!pod.status?.containerStatuses?.[0]?.state?.running,
      'the pod to start',
    );
  });
});

import type { V1ConfigMap } from '@kubernetes/client-node';
import { Registry } from './api/registry';
import { CONFIGMAPS, NAMESPACES, PODS } from './api/resources';
import { GarbageCollector } from './controllers/garbageCollector';
import { ObjectStore } from './store/store';
import type { StoreEvent } from './store/watchHub';
import type { KubeObject } from './types';
import {
  collectWatch,
  useTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

/** A store and registry in this process, with one namespace. */
function inProcess() {
  const store = new ObjectStore({ watchHistorySize: 1000 });
  const registry = new Registry(store);
  registry.create(NAMESPACES, undefined, { metadata: { name: 'team' } });
  const events: StoreEvent[] = [];
  store.hub.subscribe(e => events.push(e));
  return { store, registry, events };
}

function ownedBy(owner: KubeObject) {
  return [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name!,
      uid: owner.metadata.uid!,
    },
  ];
}

describe('stored objects are frozen and shared, writes copy', () => {
  it('hands out the stored object, which nobody can change in place', () => {
    const { registry } = inProcess();
    registry.create(CONFIGMAPS, 'team', {
      metadata: { name: 'settings' },
      data: { mode: 'a' },
    });
    const read = registry.get(CONFIGMAPS, 'team', 'settings');
    expect(() => {
      read.data!.mode = 'b';
    }).toThrow(TypeError);
    expect(() => {
      read.metadata.labels = { changed: 'yes' };
    }).toThrow(TypeError);
    expect(registry.get(CONFIGMAPS, 'team', 'settings').data).toEqual({
      mode: 'a',
    });
  });

  it('writes nothing, and tells no watcher, when a status write changes nothing', () => {
    const { registry, events } = inProcess();
    const pod = registry.create(PODS, 'team', {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'web', image: 'example/web:1' }] },
    }).object;
    const written = registry.updateStatus(PODS, pod, {
      ...pod.status,
      phase: 'Running',
    });
    expect(written.metadata.resourceVersion).not.toBe(
      pod.metadata.resourceVersion,
    );
    // The write shares what it did not change with the version before.
    expect(written.spec).toBe(pod.spec);
    const count = events.length;

    const again = registry.updateStatus(PODS, written, {
      ...written.status,
      phase: 'Running',
    });
    expect(again).toBe(written);
    expect(events).toHaveLength(count);
    expect(() => registry.updateStatus(PODS, pod, { phase: 'Failed' })).toThrow(
      /the object has been modified/,
    );
  });

  it('shares the parts an update leaves alone with the version before', () => {
    const { registry } = inProcess();
    const before = registry.create(CONFIGMAPS, 'team', {
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { mode: 'a', level: '1' },
    }).object;
    const after = registry.update(CONFIGMAPS, 'team', 'settings', {
      metadata: { name: 'settings', labels: { app: 'web', tier: 'db' } },
      data: { mode: 'a', level: '1' },
    }).object;
    expect(after.metadata.labels).toEqual({ app: 'web', tier: 'db' });
    expect(after.data).toBe(before.data);
  });

  it('finds dependents through the owner index as their owner references change', async () => {
    const { store, registry } = inProcess();
    const gc = new GarbageCollector(registry, store);
    try {
      const owner = registry.create(CONFIGMAPS, 'team', {
        metadata: { name: 'owner' },
      }).object;
      const other = registry.create(CONFIGMAPS, 'team', {
        metadata: { name: 'other' },
      }).object;
      for (const name of ['child-1', 'child-2']) {
        registry.create(CONFIGMAPS, 'team', {
          metadata: { name, ownerReferences: ownedBy(owner) },
        });
      }
      registry.create(CONFIGMAPS, 'team', {
        metadata: { name: 'moved', ownerReferences: ownedBy(owner) },
      });
      // Re-owned: the index follows the change.
      registry.update(CONFIGMAPS, 'team', 'moved', {
        metadata: { name: 'moved', ownerReferences: ownedBy(other) },
      });
      const names = (uid: string) =>
        store
          .dependents(uid)
          .map(o => o.metadata.name)
          .sort();
      expect(names(owner.metadata.uid!)).toEqual(['child-1', 'child-2']);
      expect(names(other.metadata.uid!)).toEqual(['moved']);

      registry.delete(CONFIGMAPS, 'team', 'owner', {
        propagationPolicy: 'Background',
      });
      await waitFor(
        () => store.dependents(owner.metadata.uid!).length === 0,
        'the dependents of the deleted owner to go',
      );
      expect(store.peek(CONFIGMAPS, 'team', 'child-1')).toBeUndefined();
      expect(store.peek(CONFIGMAPS, 'team', 'moved')).toBeDefined();
    } finally {
      gc.stop();
    }
  });
});

describe('what clients see of copy on write', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'cow' },
  );

  it('keeps the stored object when a reader changes what it read', async () => {
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'settings' }, data: { mode: 'a' } },
    });
    const first = await t.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: ns,
    });
    first.data!.mode = 'changed by the reader';
    const second = await t.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: ns,
    });
    second.data!.mode = 'changed again';
    const third = await t.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: ns,
    });
    expect(third.data).toEqual({ mode: 'a' });
    expect(third.metadata!.resourceVersion).toBe(
      first.metadata!.resourceVersion,
    );
  });

  it('answers an update that changes nothing with the same resourceVersion and no watch event', async () => {
    const created = await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'same' }, data: { mode: 'a' } },
    });
    const watch = await collectWatch<V1ConfigMap>(
      t,
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: created.metadata!.resourceVersion },
    );
    try {
      const unchanged = await t.core.replaceNamespacedConfigMap({
        name: 'same',
        namespace: ns,
        body: created,
      });
      expect(unchanged.metadata!.resourceVersion).toBe(
        created.metadata!.resourceVersion,
      );
      // A later real change is the first event the watch sees.
      await t.core.replaceNamespacedConfigMap({
        name: 'same',
        namespace: ns,
        body: { ...created, data: { mode: 'b' } },
      });
      const event = await watch.next(
        e => e.type === 'MODIFIED',
        'the change to be watched',
      );
      expect(event.object.data).toEqual({ mode: 'b' });
      expect(watch.events.map(e => e.type)).toEqual(['MODIFIED']);
    } finally {
      watch.abort();
    }
  });
});

import { KeyMaterial, KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectRecord } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { completeProjectKeys, STORED_KEYS } from '../resources';
import { readOrAdoptKeys } from './keyMaterial';

/** The store's part of it: one row per project, as the database keeps it. */
class MemoryKeyMaterialStore implements KeyMaterialStore {
  readonly rows = new Map<string, KeyMaterial>();
  async get(uid: string) {
    return this.rows.get(uid);
  }
  async create(uid: string, material: KeyMaterial) {
    if (!this.rows.has(uid)) this.rows.set(uid, material);
    return this.rows.get(uid)!;
  }
  async replace(uid: string, material: KeyMaterial) {
    this.rows.set(uid, material);
  }
  async delete(uid: string) {
    this.rows.delete(uid);
  }
}

const project = { uid: 'uid-1', namespace: 'team-a', name: 'shop' };
const noCluster = {
  get: async () => {
    throw new Error('the store has the keys: the cluster is not read');
  },
} as unknown as ClusterClient;

describe('readOrAdoptKeys: a stored set from before the new API keys', () => {
  it('is completed once, in the store, keeping every key it had', async () => {
    const keys = new MemoryKeyMaterialStore();
    const complete = await completeProjectKeys({});
    const legacyOnly = Object.fromEntries(
      [
        'jwtSecret',
        'anonKey',
        'serviceKey',
        'metaCryptoKey',
        'realtimeSecretKeyBase',
        'realtimeDbEncKey',
        'dashboardUsername',
        'dashboardPassword',
      ].map(key => [key, complete[key as keyof typeof complete]]),
    );
    keys.rows.set(project.uid, legacyOnly);
    const deps = { keys, cluster: noCluster };

    const first = await readOrAdoptKeys(deps, project as ProjectRecord);
    expect(first.completed).toEqual([
      'signingKeys',
      'publishableKey',
      'secretKey',
      'anonKeyAsymmetric',
      'serviceKeyAsymmetric',
      'internalJwtSecret',
    ]);
    expect(first.keys).toMatchObject(legacyOnly);
    expect(Object.keys(first.keys!).sort()).toEqual(
      Object.values(STORED_KEYS).sort(),
    );
    expect(keys.rows.get(project.uid)).toEqual(first.keys);

    // Made once: the next read is the same set, with nothing new.
    const second = await readOrAdoptKeys(deps, project as ProjectRecord);
    expect(second.completed).toBeUndefined();
    expect(second.keys).toEqual(first.keys);
  });
});

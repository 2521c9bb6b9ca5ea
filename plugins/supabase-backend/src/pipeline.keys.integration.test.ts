import { TestDatabases } from '@backstage/backend-test-utils';
import type { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { ProjectEvent } from '@supabase-backstage/plugin-supabase-common';
import { Knex } from 'knex';
import {
  startSupabaseBackend,
  SupabaseTestBackend,
} from './__testUtils__/startSupabaseBackend';
import { waitUntil } from './__testUtils__/waitUntil';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { KEYS_VERSION_ANNOTATION } from './resources';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const KEY_TABLE = 'supabase_project_key_material';
const database = { serverSecretRef: 'db', sslMode: 'disable' };
/** With the legacy anon key, which these tests watch for a rotation. */
const spec = { database, apiKeys: { legacy: true } };

// A project that lost both copies waits, making none
// (pipeline/phases/deploySecrets.test.ts), until rotate-jwt-secret makes a
// new set (service/router.test.ts).
describe('key material: kept in the store, restored, never re-keyed', () => {
  let cluster: TestCluster;
  let knex: Knex;
  let env: SupabaseTestBackend;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-k');
    await cluster.createDatabaseSecret('team-k', 'db');
    knex = await databases.init('SQLITE_3');
    env = await startSupabaseBackend(cluster, {
      knex,
      resyncIntervalSeconds: 1,
    });
    const k8s = await import('@kubernetes/client-node');
    core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  async function runningProject(name: string, projectSpec: object = spec) {
    await env.api
      .post('/projects', { namespace: 'team-k', name, spec: projectSpec })
      .expect(201);
    return (await env.api.waitFor(
      `team-k/${name}`,
      p => p?.phase === 'Running',
      120_000,
    ))!;
  }

  async function readSecret(name: string): Promise<V1Secret | undefined> {
    try {
      return await core.readNamespacedSecret({ namespace: 'team-k', name });
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }

  async function valuesOf(name: string) {
    const secret = await readSecret(name);
    return secret?.data;
  }

  async function reasons(project: string): Promise<string[]> {
    const res = await env.api.get(`/projects/team-k/${project}/events`);
    return res.body.items.map((e: ProjectEvent) => e.reason);
  }

  async function keysVersionOfAuth(project: string) {
    const k8s = await import('@kubernetes/client-node');
    const apps = cluster.kubeConfig.makeApiClient(k8s.AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({
      namespace: 'team-k',
      name: `${project}-auth`,
    });
    return deployment.spec?.template.metadata?.annotations?.[
      KEYS_VERSION_ANNOTATION
    ];
  }

  it.each(['jwt', 'roles', 'db-init'])(
    'puts a deleted, then an edited <project>-%s Secret back with the same values',
    async suffix => {
      const name = `drift-${suffix}`;
      const before = await runningProject(name);
      const secretName = `${name}-${suffix}`;
      const original = await valuesOf(secretName);
      expect(Object.keys(original ?? {}).length).toBeGreaterThan(0);
      // The new API keys are restored with the rest.
      expect(Object.keys(original!)).toEqual(
        expect.arrayContaining(
          suffix !== 'jwt'
            ? []
            : [
                'signingKeys',
                'publishableKey',
                'secretKey',
                'anonKeyAsymmetric',
                'jwks',
                'authJwtKeys',
              ],
        ),
      );
      const versionBefore = await keysVersionOfAuth(name);
      const repairs = async () =>
        (await reasons(name)).filter(r => r === 'DriftRepaired').length;

      await core.deleteNamespacedSecret({
        namespace: 'team-k',
        name: secretName,
      });
      await waitUntil('the deleted Secret is back', async () =>
        (await repairs()) >= 1 ? valuesOf(secretName) : undefined,
      );
      expect(await valuesOf(secretName)).toEqual(original);

      const secret = (await readSecret(secretName))!;
      const [firstKey] = Object.keys(secret.data!);
      await core.replaceNamespacedSecret({
        namespace: 'team-k',
        name: secretName,
        body: {
          ...secret,
          data: {
            ...secret.data,
            [firstKey]: Buffer.from('edited by hand').toString('base64'),
          },
        },
      });
      await waitUntil('the edit is undone', async () => (await repairs()) >= 2);
      expect(await valuesOf(secretName)).toEqual(original);

      // Nothing was re-keyed: same anon key, no db-init run for new
      // settings, the components not restarted.
      const after = (await env.api.get(`/projects/team-k/${name}`)).body;
      expect(after.phase).toBe('Running');
      expect(after.anonKey).toBe(before.anonKey);
      expect(await reasons(name)).not.toContain('DatabaseSettingsChanged');
      expect(await keysVersionOfAuth(name)).toBe(versionBefore);
    },
  );

  it('adopts the keys of a project from before the store kept them', async () => {
    const before = await runningProject('adopt');
    const uid = before.uid;
    const original = await valuesOf('adopt-jwt');
    // As a project created before the key-material table existed.
    await knex(KEY_TABLE).where({ project_uid: uid }).delete();
    await waitUntil('the keys are adopted', async () =>
      (await reasons('adopt')).includes('KeyMaterialAdopted'),
    );
    await core.deleteNamespacedSecret({
      namespace: 'team-k',
      name: 'adopt-jwt',
    });
    await waitUntil('the Secret is back', async () =>
      (await reasons('adopt')).includes('DriftRepaired')
        ? valuesOf('adopt-jwt')
        : undefined,
    );
    expect(await valuesOf('adopt-jwt')).toEqual(original);
    expect(await reasons('adopt')).not.toContain('DatabaseSettingsChanged');
  });

  it('changes the keys only on rotation, store first', async () => {
    const before = await runningProject('rotate');
    const original = await valuesOf('rotate-jwt');
    await env.api.post('/projects/team-k/rotate/rotate-jwt-secret').expect(202);
    const after = (await env.api.waitFor(
      'team-k/rotate',
      p => p?.phase === 'Running' && p.anonKey !== before.anonKey,
      120_000,
    ))!;
    const rotated = (await valuesOf('rotate-jwt'))!;
    expect(rotated.jwtSecret).not.toBe(original!.jwtSecret);
    // Only the signing secret and the keys signed with it changed.
    expect(rotated.metaCryptoKey).toBe(original!.metaCryptoKey);
    expect(rotated.realtimeDbEncKey).toBe(original!.realtimeDbEncKey);
    expect(rotated.dashboardPassword).toBe(original!.dashboardPassword);
    expect(after.anonKey).toBe(
      Buffer.from(rotated.anonKey, 'base64').toString(),
    );

    // A deleted Secret comes back with the rotated keys, not the old ones.
    await core.deleteNamespacedSecret({
      namespace: 'team-k',
      name: 'rotate-jwt',
    });
    await waitUntil('the Secret is back', () => valuesOf('rotate-jwt'));
    expect(await valuesOf('rotate-jwt')).toEqual(rotated);
  });

  it('rotates the signing key in three steps, each an event and a rollout, keeping the API keys', async () => {
    // A new project: the new keys only.
    const before = await runningProject('signing', { database });
    expect(before.spec.apiKeys).toEqual({ legacy: false });
    expect(before.anonKey).toBeUndefined();
    expect(before.publishableKey).toMatch(
      /^sb_publishable_[\w-]{22}_[\w-]{8}$/,
    );
    const secretKey = (
      await env.api
        .post('/projects/team-k/signing/secrets/secretKey/reveal')
        .expect(200)
    ).body.value;
    expect(secretKey).toMatch(/^sb_secret_[\w-]{22}_[\w-]{8}$/);
    const plain = async (key: string) =>
      Buffer.from((await valuesOf('signing-jwt'))![key], 'base64').toString();
    expect(await plain('secretKey')).toBe(secretKey);
    const kids = async () =>
      JSON.parse(await plain('jwks')).keys.map((k: { kid?: string }) => k.kid);
    const signingKeys = async () =>
      (await env.api.get('/projects/team-k/signing/signing-keys').expect(200))
        .body.items as Array<{ kid: string; state: string; publicJwk: object }>;
    const [first] = await signingKeys();
    expect(first.state).toBe('current');
    expect(JSON.stringify(await signingKeys())).not.toContain('"d"');
    // Only legacy keys on put the legacy secret (oct, no kid) in the JWKS.
    expect(await kids()).toEqual([first.kid]);

    const step = async (path: string, reason: string) => {
      const version = await keysVersionOfAuth('signing');
      const { generation } = (
        await env.api
          .post(`/projects/team-k/signing/signing-keys${path}`)
          .expect(202)
      ).body;
      await env.api.waitFor(
        'team-k/signing',
        p => p?.observedGeneration === generation && p?.phase === 'Running',
        120_000,
      );
      const events = await reasons('signing');
      expect(events).toContain(reason);
      expect(events.slice(events.lastIndexOf(reason))).toContain(
        'RolloutComplete',
      );
      expect(events).not.toContain('DriftRepaired');
      // The components were rolled with the new keys.
      expect(await keysVersionOfAuth('signing')).not.toBe(version);
    };

    await step('', 'SigningKeyCreated');
    const standby = (await signingKeys()).find(k => k.state === 'standby')!;
    expect(await kids()).toEqual([first.kid, standby.kid]);

    await step(`/${standby.kid}/make-current`, 'SigningKeyMadeCurrent');
    expect(
      Object.fromEntries((await signingKeys()).map(k => [k.kid, k.state])),
    ).toEqual({ [first.kid]: 'previous', [standby.kid]: 'current' });

    await step(`/${first.kid}/revoke`, 'SigningKeyRevoked');
    expect(await kids()).toEqual([standby.kid]);

    // Clients keep their keys through all of it.
    const after = (await env.api.get('/projects/team-k/signing')).body;
    expect(after.publishableKey).toBe(before.publishableKey);
    expect(await plain('secretKey')).toBe(secretKey);

    // A step that does not fit is refused, saying what does.
    const refused = await env.api
      .post(`/projects/team-k/signing/signing-keys/${standby.kid}/revoke`)
      .expect(409);
    expect(refused.body.error.message).toContain(
      'make another key current before revoking it',
    );
    await env.api
      .post('/projects/team-k/signing/signing-keys/no-such-key/make-current')
      .expect(404);
  });

  it('switches the legacy keys off: rolled out, no longer accepted by Kong nor verified, keys kept', async () => {
    const before = await runningProject('switch');
    expect(before.anonKey).toMatch(/^ey/);
    const anonKey = before.anonKey;
    const { generation } = (
      await env.api
        .patch('/projects/team-k/switch', {
          spec: { ...before.spec, apiKeys: { legacy: false } },
        })
        .expect(200)
    ).body;
    const after = (await env.api.waitFor(
      'team-k/switch',
      p =>
        p?.observedGeneration === generation &&
        p?.phase === 'Running' &&
        p.anonKey === undefined,
      120_000,
    ))!;
    expect(after.publishableKey).toBe(before.publishableKey);
    const plain = async (key: string) =>
      Buffer.from((await valuesOf('switch-jwt'))![key], 'base64').toString();
    // The key is kept (switching back needs nothing new), but nothing takes it.
    expect(await plain('anonKey')).toBe(anonKey);
    expect(await plain('jwks')).not.toContain('"oct"');
    const kong = await core.readNamespacedConfigMap({
      namespace: 'team-k',
      name: 'switch-kong',
    });
    expect(kong.data!['kong.json']).not.toContain('__SUPABASE_ANON_KEY__');
    expect(kong.data!['kong.json']).toContain('__SUPABASE_PUBLISHABLE_KEY__');
    expect(await reasons('switch')).toEqual(
      expect.arrayContaining(['SpecChanged', 'RolloutComplete']),
    );
    await env.api
      .post('/projects/team-k/switch/secrets/serviceRoleKey/reveal')
      .expect(404);
  });
});

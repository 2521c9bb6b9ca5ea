import type { V1Deployment } from '@kubernetes/client-node';
import { ProjectEvent } from '@supabase-backstage/plugin-supabase-common';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { CONFIG_HASH_ANNOTATION } from './resources/components';

jest.setTimeout(600_000);

const NS = 'team-s';
// Each project gets a database of its own on the server (a database holds
// one project).
const spec = { database: { serverSecretRef: 'db', sslMode: 'disable' } };

/** Edge functions and Studio's settings, end to end on the local cluster. */
describe('spec: edge functions and Studio', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;
  let k8s: typeof import('@kubernetes/client-node');

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace(NS);
    await cluster.createDatabaseSecret(NS, 'db');
    env = await startSupabaseBackend(cluster);
    k8s = await import('@kubernetes/client-node');
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  const apps = () => cluster.kubeConfig.makeApiClient(k8s.AppsV1Api);
  const core = () => cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);

  async function createRunning(name: string, projectSpec: object = spec) {
    await env.api
      .post('/projects', { namespace: NS, name, spec: projectSpec })
      .expect(201);
    return env.api.waitFor(`${NS}/${name}`, p => p?.phase === 'Running');
  }

  async function events(name: string): Promise<ProjectEvent[]> {
    const res = await env.api.get(`/projects/${NS}/${name}/events`);
    return res.body.items;
  }

  /** Waits for an event with `reason` among those after the first `after`. */
  async function waitForEvent(name: string, reason: string, after: number) {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const all = await events(name);
      if (all.slice(after).some(e => e.reason === reason)) return all;
      if (Date.now() > deadline) {
        throw new Error(
          `No ${reason} event; got ${all.map(e => e.reason).join(', ')}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  async function update(name: string, projectSpec: object) {
    const before = (await events(name)).length;
    await env.api
      .patch(`/projects/${NS}/${name}`, { spec: projectSpec })
      .expect(200);
    return before;
  }

  const kongJson = async (name: string) =>
    (
      await core().readNamespacedConfigMap({
        namespace: NS,
        name: `${name}-kong`,
      })
    ).data!['kong.json'];

  const kongHash = async (name: string) =>
    (
      await apps().readNamespacedDeployment({
        namespace: NS,
        name: `${name}-kong`,
      })
    ).spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];

  async function names(name: string) {
    const selector = `app.kubernetes.io/instance=${name}`;
    const [deployments, services, configMaps] = await Promise.all([
      apps().listNamespacedDeployment({
        namespace: NS,
        labelSelector: selector,
      }),
      core().listNamespacedService({ namespace: NS, labelSelector: selector }),
      core().listNamespacedConfigMap({
        namespace: NS,
        labelSelector: selector,
      }),
    ]);
    const of = (list: { items: { metadata?: { name?: string } }[] }) =>
      list.items.map(o => o.metadata!.name!);
    return {
      deployments: of(deployments),
      services: of(services),
      configMaps: of(configMaps),
    };
  }

  it('runs a project with functions on: the edge runtime, its Service and a Kong route', async () => {
    const project = await createRunning('fn', {
      ...spec,
      functions: { enabled: true },
    });

    const deployment: V1Deployment = await apps().readNamespacedDeployment({
      namespace: NS,
      name: 'fn-functions',
    });
    expect(deployment.status?.availableReplicas).toBe(1);
    const service = await core().readNamespacedService({
      namespace: NS,
      name: 'fn-functions',
    });
    expect(service.spec?.ports?.[0].port).toBe(9000);
    const own = await core().readNamespacedConfigMap({
      namespace: NS,
      name: 'fn-functions',
    });
    expect(Object.keys(own.data ?? {}).sort()).toEqual(['hello.ts', 'main.ts']);

    const route = JSON.parse(await kongJson('fn')).services.find(
      (s: { name: string }) => s.name === 'functions-v1',
    );
    expect(route.url).toBe(`http://fn-functions.${NS}.svc:9000/`);
    expect(route.routes[0].paths).toEqual(['/functions/v1/']);

    expect(project!.endpoints?.functions).toBe(
      `http://fn-kong.${NS}.svc:8000/functions/v1`,
    );
    expect(
      project!.components?.find(c => c.name === 'functions'),
    ).toMatchObject({ state: 'Available', desiredReplicas: 1 });

    // Its database URL is in the roles Secret, as the database's owner.
    const roles = await core().readNamespacedSecret({
      namespace: NS,
      name: 'fn-roles',
    });
    const url = new URL(
      Buffer.from(roles.data!.functionsDatabaseUrl, 'base64').toString(),
    );
    const db = await core().readNamespacedSecret({ namespace: NS, name: 'db' });
    expect(decodeURIComponent(url.username)).toBe(
      Buffer.from(db.data!.username, 'base64').toString(),
    );
  });

  it('turns functions on through an update and rolls them out, then off again', async () => {
    await createRunning('later');
    expect((await names('later')).deployments).not.toContain('later-functions');
    expect(await kongJson('later')).not.toContain('/functions/v1/');
    const hashBefore = await kongHash('later');

    const on = { ...spec, functions: { enabled: true } };
    const before = await update('later', on);
    const after = await waitForEvent('later', 'RolloutComplete', before);
    expect(after.slice(before).map(e => e.reason)).toEqual([
      'SpecChanged',
      'RolloutComplete',
    ]);
    expect(after[before].message).toBe(
      'Generation 2: functions.enabled: set to true',
    );
    const rolledOut = await names('later');
    expect(rolledOut.deployments).toContain('later-functions');
    expect(rolledOut.services).toContain('later-functions');
    expect(rolledOut.configMaps).toContain('later-functions');
    expect(await kongJson('later')).toContain('/functions/v1/');
    // Kong reads its configuration at start: the new route rolls it.
    expect(await kongHash('later')).not.toBe(hashBefore);
    const project = await env.api.waitFor(
      `${NS}/later`,
      p =>
        p?.observedGeneration === 2 &&
        !!p.components?.some(
          c => c.name === 'functions' && c.state === 'Available',
        ),
    );
    expect(project!.endpoints?.functions).toBe(
      `http://later-kong.${NS}.svc:8000/functions/v1`,
    );

    const off = await update('later', spec);
    const removed = await waitForEvent('later', 'ObjectsRemoved', off);
    expect(removed.find(e => e.reason === 'ObjectsRemoved')?.message).toBe(
      'No longer in the spec, removed: Deployment later-functions, Service later-functions, ConfigMap later-functions',
    );
    const left = await names('later');
    expect(
      [...left.deployments, ...left.services, ...left.configMaps].filter(n =>
        n.endsWith('-functions'),
      ),
    ).toEqual([]);
    expect(await kongJson('later')).not.toContain('/functions/v1/');
    expect(await kongHash('later')).toBe(hashBefore);
    const withoutFunctions = await env.api.waitFor(
      `${NS}/later`,
      p => p?.observedGeneration === 3 && !p.endpoints?.functions,
    );
    // Listed as switched off, saying how to turn it on.
    expect(
      withoutFunctions!.components?.find(c => c.name === 'functions'),
    ).toMatchObject({
      state: 'Disabled',
      message: 'Off: edge functions are enabled by spec.functions.enabled',
    });
  });

  it('refuses a missing dashboard basic-auth Secret, naming it, and uses it once it exists', async () => {
    // At creation: the project fails its dependency check.
    await env.api
      .post('/projects', {
        namespace: NS,
        name: 'lockout',
        spec: { ...spec, studio: { basicAuthSecretRef: 'dash-auth' } },
      })
      .expect(201);
    const failed = await env.api.waitFor(
      `${NS}/lockout`,
      p => p?.phase === 'Failed',
    );
    expect(failed!.message).toContain(
      `The dashboard basic-auth Secret "${NS}/dash-auth" does not exist. Create it with the keys username, password.`,
    );

    // As an update: refused, nothing changes.
    await createRunning('dash');
    const studio = {
      publicUrl: 'https://studio.example.com',
      basicAuthSecretRef: 'dash-auth',
    };
    const refused = await env.api.patch(`/projects/${NS}/dash`, {
      spec: { ...spec, studio },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      `The dashboard basic-auth Secret "${NS}/dash-auth" does not exist`,
    );
    const unchanged = await env.api.get(`/projects/${NS}/dash`).expect(200);
    expect(unchanged.body.generation).toBe(1);

    // With the Secret, Kong takes the credentials from it by reference.
    const password = `p"a\\s|s&w'o:rd ü`;
    await core().createNamespacedSecret({
      namespace: NS,
      body: {
        metadata: { name: 'dash-auth', namespace: NS },
        stringData: { username: 'platform', password },
      },
    });
    const before = await update('dash', { ...spec, studio });
    await waitForEvent('dash', 'RolloutComplete', before);
    const kong = await apps().readNamespacedDeployment({
      namespace: NS,
      name: 'dash-kong',
    });
    const kongEnv = kong.spec!.template.spec!.containers[0].env!;
    expect(
      kongEnv
        .filter(e => e.name.startsWith('DASHBOARD_'))
        .map(e => e.valueFrom),
    ).toEqual([
      { secretKeyRef: { name: 'dash-auth', key: 'username' } },
      { secretKeyRef: { name: 'dash-auth', key: 'password' } },
    ]);
    expect(JSON.stringify(kong)).not.toContain(password);
    expect(await kongJson('dash')).not.toContain('platform');
    const project = await env.api.waitFor(
      `${NS}/dash`,
      p => p?.endpoints?.studio === 'https://studio.example.com',
    );
    expect(project!.phase).toBe('Running');
    const studioPod = await apps().readNamespacedDeployment({
      namespace: NS,
      name: 'dash-studio',
    });
    expect(studioPod.spec!.template.spec!.containers[0].env).toContainEqual({
      name: 'SUPABASE_PUBLIC_URL',
      value: 'https://studio.example.com',
    });
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// A test-only devDependency: the end-to-end run needs the real backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import supabasePlugin from '@supabase-backstage/plugin-supabase-backend';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import request from 'supertest';
import { scaffolderModuleSupabase } from './module';
import {
  EXAMPLE_TEMPLATE_FILE,
  formValues as formValuesOf,
  readExampleTemplate,
} from './__testUtils__/exampleTemplate';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

/**
 * The example template, end to end: the catalog reads it from its file, the
 * scaffolder runs it (dry and for real) through its REST API, the action
 * calls the real supabase backend plugin with the initiator's credentials,
 * and the backend provisions the project on the local cluster, its db-init
 * Job running psql against a real PostgreSQL, until the project is Running.
 */

jest.setTimeout(600_000);

const TEMPLATE_REF = 'template:default/supabase-project';
// What the local demo has: the backend's local mode makes this Secret in
// this namespace, and they are the form's defaults (a database of its own
// on the throwaway server).
const NAMESPACE = 'default';
const SERVER_SECRET = 'local-postgres-server';
const USER = 'user:default/jane';

const template = readExampleTemplate();

/** What the form submits: every default, then what the user typed. */
const formValues = (values: Record<string, unknown>) =>
  formValuesOf(template, values);

interface TaskEvent {
  type: string;
  body: {
    message?: string;
    status?: string;
    output?: {
      links?: { title: string; url: string; icon?: string }[];
      text?: { title: string; content: string }[];
    };
  };
}

describe('the supabase-project template on the local cluster', () => {
  let cluster: TestCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const api = {
    get: (url: string) =>
      request(backend.server)
        .get(url)
        .set('Authorization', mockCredentials.user.header(USER)),
    post: (url: string, body: object) =>
      request(backend.server)
        .post(url)
        .set('Authorization', mockCredentials.user.header(USER))
        .send(body),
  };

  async function until<T>(
    what: string,
    fn: () => Promise<T | undefined>,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createDatabaseSecret(NAMESPACE, SERVER_SECRET, {
      database: 'postgres',
    });

    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleSupabase,
        supabasePlugin,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              rules: [{ allow: ['Location'] }],
              locations: [
                {
                  type: 'file',
                  target: EXAMPLE_TEMPLATE_FILE,
                  rules: [{ allow: ['Template'] }],
                },
              ],
            },
            supabase: {
              kubernetes: {
                type: 'kubeconfig',
                kubeconfigPath: cluster.kubeconfigPath,
                // The name the template's cluster picker offers.
                name: 'local',
              },
              dbInit: { waitSeconds: 2 },
              resyncIntervalSeconds: 5,
              // Any 32+ characters: the keys live only as long as the test.
              secretsEncryptionKey: 'template-test-key-0123456789abcdefghij',
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  it('dry-runs the template without creating anything', async () => {
    const objectsBefore = await cluster.listObjects(NAMESPACE);

    const response = await api.post('/api/scaffolder/v2/dry-run', {
      template: {
        ...template,
        metadata: { ...template.metadata, namespace: 'default' },
      },
      values: formValues({
        name: 'dry-db',
        namespace: NAMESPACE,
      }),
      directoryContents: [],
    });

    expect(response.status).toBe(200);
    const log = (response.body.log as TaskEvent[])
      .map(e => e.body.message ?? '')
      .join('\n');
    expect(log).toContain(
      `Dry run: would create Supabase project ${NAMESPACE}/dry-db with objects ConfigMap/dry-db-db-init, Job/dry-db-db-init, Secret/dry-db-jwt, Deployment/dry-db-kong, Service/dry-db-kong`,
    );
    // The backend was asked whether the name is free, and it was.
    expect(log).not.toContain('could not check');
    expect(response.body.output.links).toEqual([
      {
        title: 'Open project',
        icon: 'dashboard',
        url: `http://localhost:3000/supabase/${NAMESPACE}/dry-db`,
      },
    ]);

    // Nothing reached the backend's store or the cluster.
    const projects = await api.get('/api/supabase/projects');
    expect(projects.status).toBe(200);
    expect(projects.body).toEqual({ items: [], totalCount: 0 });
    expect(await cluster.listObjects(NAMESPACE)).toEqual(objectsBefore);
  });

  it('creates the project and follows it to Running', async () => {
    // The catalog reads the template from its file location.
    await until(
      'the template in the catalog',
      async () => {
        const res = await api.get(
          `/api/catalog/entities/by-name/template/default/${template.metadata.name}`,
        );
        return res.status === 200 ? res.body : undefined;
      },
      30_000,
    );

    // The form as the user leaves it but for the name (no SSL mode: the
    // template picks disable for the demo's TLS-less server).
    const created = await api.post('/api/scaffolder/v2/tasks', {
      templateRef: TEMPLATE_REF,
      values: formValues({
        name: 'shop',
        namespace: NAMESPACE,
        timeoutSeconds: 60,
      }),
    });
    expect(created.status).toBe(201);
    const taskUrl = `/api/scaffolder/v2/tasks/${created.body.id}`;

    const task = await until(
      'the task to finish',
      async () => {
        const res = await api.get(taskUrl);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      75_000,
    );
    const events = (await api.get(`${taskUrl}/events`)).body as TaskEvent[];
    const log = events.map(e => e.body.message ?? '').join('\n');
    // The whole log when it did not complete: it says why.
    expect(`${task.status}\n${log}`).toMatch(/^completed\n/);
    expect(task.createdBy).toBe(USER);

    // The task log follows the project's timeline: the phases the status
    // stream delivered, in order (it sends the state as it is when it looks,
    // so a phase that lasts a few milliseconds may be skipped), up to Running.
    const timeline = (
      await api.get(`/api/supabase/projects/${NAMESPACE}/shop/events`)
    ).body.items.map((e: { phase: string }) => e.phase) as string[];
    const phases = [...new Set(timeline)];
    expect(phases).toEqual([
      'Pending',
      'ValidatingDependencies',
      'InitializingDatabase',
      'DeployingSecrets',
      'DeployingComponents',
      'Running',
    ]);
    const logged = [
      ...log.matchAll(
        new RegExp(`Supabase project ${NAMESPACE}/shop is (\\w+)`, 'g'),
      ),
    ].map(m => m[1]);
    expect(logged).toEqual(phases.filter(p => logged.includes(p)));
    expect(logged).toEqual(expect.arrayContaining(['InitializingDatabase']));
    expect(logged[logged.length - 1]).toBe('Running');
    expect(log).toContain(
      `Created Supabase project ${NAMESPACE}/shop; follow it at http://localhost:3000/supabase/${NAMESPACE}/shop`,
    );

    // The template's output: the links and the connection details, which
    // exist only once the step saw the project Running.
    const project = (await api.get(`/api/supabase/projects/${NAMESPACE}/shop`))
      .body as SupabaseProject;
    const output = events.find(e => e.type === 'completion')?.body.output;
    expect(output?.links).toEqual([
      {
        title: 'Open project',
        icon: 'dashboard',
        url: `http://localhost:3000/supabase/${NAMESPACE}/shop`,
      },
    ]);
    // Inside the cluster: no Studio link, the port-forward command instead.
    expect(output?.text?.[1].content).toContain(
      `kubectl -n ${NAMESPACE} port-forward svc/shop-kong 8000:8000`,
    );
    const text = output?.text?.[0].content ?? '';
    expect(text).toContain(`**Project:** \`${NAMESPACE}/shop\``);
    expect(text).toContain(`**API URL:** \`${project.endpoints?.api}\``);
    expect(text).toContain(project.publishableKey);
    expect(text).toContain('`shop-db-init`');

    // The backend has the project Running, owned by the task's initiator,
    // with the spec the form produced.
    expect(project).toMatchObject({
      namespace: NAMESPACE,
      name: 'shop',
      phase: 'Running',
      owner: USER,
      spec: {
        database: { serverSecretRef: SERVER_SECRET },
        jwt: { expirySeconds: 3600 },
        apiKeys: { legacy: false },
        dbInit: { strict: false },
        components: expect.objectContaining({ kong: { replicas: 1 } }),
      },
    });
    // No SSL mode chosen: the backend's default, require, against a
    // PostgreSQL that speaks TLS.
    expect(project.spec.database.sslMode).toBeUndefined();
    expect(project.endpoints?.api).toContain(`shop-kong.${NAMESPACE}`);
    // A new project: the new keys only.
    expect(project.publishableKey).toMatch(/^sb_publishable_/);
    expect(project.anonKey).toBeUndefined();

    // And the cluster has its objects.
    expect(await cluster.listObjects(NAMESPACE)).toEqual(
      expect.arrayContaining([
        'ConfigMap/shop-db-init',
        'Job/shop-db-init',
        'Secret/shop-jwt',
        'Deployment/shop-kong',
        'Service/shop-kong',
        'Deployment/shop-studio',
      ]),
    );
  });
});

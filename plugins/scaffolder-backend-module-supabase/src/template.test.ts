import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NAMESPACE_PATTERN,
  OBJECT_NAME_MAX_LENGTH,
  OBJECT_NAME_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_NAME_PATTERN,
} from '@supabase-backstage/plugin-supabase-common';
import request from 'supertest';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleSupabase } from './module';
import {
  createFakeSupabaseBackendPlugin,
  FAKE_PUBLISHABLE_KEY,
} from './__testUtils__/fakeSupabaseBackendPlugin';
import { parseProjectInput } from './actions/projectInput';
import { toCreateProjectRequest } from './actions/projectPlan';
import {
  formValues as formValuesOf,
  readExampleTemplate,
} from './__testUtils__/exampleTemplate';

/**
 * The example template, run by the real scaffolder backend with this module,
 * against a stand-in `supabase` plugin that speaks the REST contract: the
 * template's parameters render into input the action accepts, the form's
 * rules are the backend's, and the step authenticates on the user's behalf.
 */

const template = readExampleTemplate();
template.metadata.namespace = 'default';

/** A form field, also one shown only once another is filled in. */
const property = (name: string): Record<string, any> => {
  for (const page of template.spec.parameters) {
    if (page.properties[name]) return page.properties[name];
    for (const dependency of Object.values(page.dependencies ?? {})) {
      for (const branch of [dependency, ...(dependency.oneOf ?? [])]) {
        const field = branch.properties?.[name];
        if (field?.type) return field;
      }
    }
  }
  throw new Error(`The template has no field ${name}`);
};

/** What the form submits when the user types only `values`. */
const formValues = (values: Record<string, unknown>) =>
  formValuesOf(template, values);

describe('the supabase-project template', () => {
  it("keeps the backend's rules for names", () => {
    expect(property('name')).toMatchObject({
      pattern: PROJECT_NAME_PATTERN.source,
      maxLength: PROJECT_NAME_MAX_LENGTH,
    });
    expect(property('namespace')).toMatchObject({
      pattern: NAMESPACE_PATTERN.source,
      maxLength: 63,
    });
  });

  it.each([
    'databaseServerSecret',
    'databaseSecret',
    'storageSecret',
    'customSqlConfigMap',
    'ingressHost',
    'ingressTlsSecret',
    'ingressClassName',
    'functionsConfigMap',
    'studioBasicAuthSecret',
    'authSmtpSecret',
  ])("keeps the backend's rule for the object name in %s", name => {
    expect(property(name)).toMatchObject({
      type: 'string',
      pattern: OBJECT_NAME_PATTERN.source,
      maxLength: OBJECT_NAME_MAX_LENGTH,
    });
  });

  describe.each(['studioPublicUrl', 'authSiteUrl'])(
    'the URL field %s',
    name => {
      const accepts = (value: string) =>
        new RegExp(property(name).pattern).test(value);
      const actionAccepts = (value: string) => {
        try {
          parseProjectInput({
            name: 'url-db',
            namespace: 'default',
            databaseSecret: 'local-postgres',
            [name]: value,
          });
          return true;
        } catch {
          return false;
        }
      };

      it.each([
        'https://todo.apps.example.com',
        'http://localhost:3000/welcome?from=mail#top',
        'https://10.0.0.1:8443',
      ])('accepts %s, as the action does', value => {
        expect([accepts(value), actionAccepts(value)]).toEqual([true, true]);
      });

      it.each([
        'todo.apps.example.com',
        'ftp://todo.apps.example.com',
        'https://',
        'https://todo example.com',
      ])('refuses %s, as the action does', value => {
        expect([accepts(value), actionAccepts(value)]).toEqual([false, false]);
      });
    },
  );

  it('offers a cluster picker whose choice reaches the action', () => {
    expect(property('cluster')).toMatchObject({
      type: 'string',
      enum: ['local'],
      default: 'local',
    });
    expect(
      toCreateProjectRequest(
        parseProjectInput({
          name: 'far-db',
          namespace: 'default',
          cluster: 'eu-west',
          databaseSecret: 'db',
        }),
      ).spec.cluster,
    ).toBe('eu-west');
  });

  it('leaves the exposure and features page without defaults', () => {
    const page = template.spec.parameters.find(p => p.properties.ingressHost)!;
    expect(page.required ?? []).toEqual([]);
    for (const field of Object.values(page.properties)) {
      expect(field.default).toBeUndefined();
    }
  });

  describe('run by the scaffolder backend', () => {
    const fake = createFakeSupabaseBackendPlugin({ stepMs: 20 });
    let backend: Awaited<ReturnType<typeof startTestBackend>>;

    beforeAll(async () => {
      backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleSupabase,
          fake.plugin,
          catalogServiceMock.factory({ entities: [template] }),
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    async function runTask(values: Record<string, unknown>) {
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header())
        .send({ templateRef: 'template:default/supabase-project', values });
      expect(created.status).toBe(201);
      return followTask(created.body.id);
    }

    async function followTask(id: string) {
      const taskUrl = `/api/scaffolder/v2/tasks/${id}`;
      for (;;) {
        const task = await request(backend.server)
          .get(taskUrl)
          .set('Authorization', mockCredentials.user.header());
        if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
          const events = await request(backend.server)
            .get(`${taskUrl}/events`)
            .set('Authorization', mockCredentials.user.header());
          const log = (events.body as { body: { message?: string } }[])
            .map(e => e.body.message ?? '')
            .join('\n');
          return { status: task.body.status as string, body: task.body, log };
        }
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    }

    it('creates the project, waits for Running and links to it', async () => {
      const { status, log } = await runTask(formValues({ name: 'todo-db' }));

      expect({ status, log }).toMatchObject({ status: 'completed' });
      expect(fake.state.created).toEqual([
        {
          userEntityRef: mockCredentials.user().principal.userEntityRef,
          request: {
            namespace: 'default',
            name: 'todo-db',
            spec: {
              // The picker's default: the demo's cluster.
              cluster: 'local',
              // Only the new API keys, as upstream's new projects.
              apiKeys: { legacy: false },
              // A database of its own on the demo server; no SSL mode
              // chosen: the backend's default applies.
              database: { serverSecretRef: 'local-postgres-server' },
              jwt: { expirySeconds: 3600 },
              dbInit: { strict: false },
              components: expect.objectContaining({
                kong: { replicas: 1 },
                studio: { replicas: 1 },
              }),
            },
          },
        },
      ]);
      expect(log).toContain('Supabase project default/todo-db is Running');
      // The status stream made it through the backend's HTTP stack.
      expect(log).not.toContain('polling');
    });

    it('passes the optional fields on, and leaves out what is empty', async () => {
      const values = formValues({
        name: 'full-db',
        storageSecret: 'full-s3',
        customSqlConfigMap: 'full-sql',
        databaseSslMode: 'require',
        databaseMajorVersion: 17,
        images: {
          auth: 'mirror.example.com/supabase/gotrue:v2',
          dbInit: 'postgres:16-alpine',
        },
      });
      const { status, log } = await runTask(values);
      expect({ status, log }).toMatchObject({ status: 'completed' });
      const { spec } = fake.state.created.find(
        c => c.request.name === 'full-db',
      )!.request;
      expect(spec).toMatchObject({
        database: {
          serverSecretRef: 'local-postgres-server',
          sslMode: 'require',
          majorVersion: 17,
        },
        storage: { secretRef: 'full-s3' },
        dbInit: {
          strict: false,
          customSqlConfigMap: 'full-sql',
          image: 'postgres:16-alpine',
        },
      });
      expect(spec.components?.auth).toEqual({
        replicas: 1,
        image: 'mirror.example.com/supabase/gotrue:v2',
      });
      expect(spec.components?.kong).toEqual({ replicas: 1 });
    });

    it('leaves the SSL mode to the backend unless the user chose one', async () => {
      const other = await runTask(
        formValues({
          name: 'tls-db',
          database: 'existing',
          databaseSecret: 'team-postgres',
        }),
      );
      const chosen = await runTask(
        formValues({ name: 'chosen-db', databaseSslMode: 'verify-full' }),
      );
      expect([other.status, chosen.status]).toEqual(['completed', 'completed']);
      const specOf = (name: string) =>
        fake.state.created.find(c => c.request.name === name)!.request.spec;
      expect(specOf('tls-db').database).toEqual({ secretRef: 'team-postgres' });
      expect(specOf('chosen-db').database).toEqual({
        serverSecretRef: 'local-postgres-server',
        sslMode: 'verify-full',
      });
    });

    it('sends only the Secret of the kind of database chosen', async () => {
      // A form keeps what was typed in a field the other choice hid.
      const own = await runTask(
        formValues({ name: 'own-db', databaseSecret: 'typed-earlier' }),
      );
      const existing = await runTask(
        formValues({ name: 'existing-db', database: 'existing' }),
      );
      expect([own.status, existing.status]).toEqual(['completed', 'completed']);
      const specOf = (name: string) =>
        fake.state.created.find(c => c.request.name === name)!.request.spec;
      expect(specOf('own-db').database).toEqual({
        serverSecretRef: 'local-postgres-server',
      });
      expect(specOf('existing-db').database).toEqual({
        secretRef: 'local-postgres',
      });
    });

    it('copes with a form that sends no image overrides at all', async () => {
      const values: Record<string, unknown> = formValues({ name: 'bare-db' });
      delete values.images;
      const { status, log } = await runTask(values);
      expect({ status, log }).toMatchObject({ status: 'completed' });
      const { spec } = fake.state.created.find(
        c => c.request.name === 'bare-db',
      )!.request;
      expect(spec.components?.kong).toEqual({ replicas: 1 });
      expect(spec.dbInit).toEqual({ strict: false });
    });

    it('passes exposure and features on to the spec', async () => {
      const values = formValues({
        name: 'public-db',
        ingressHost: 'todo.apps.example.com',
        ingressTlsSecret: 'todo-tls',
        ingressClassName: 'nginx',
        functionsEnabled: true,
        functionsConfigMap: 'todo-functions',
        studioPublicUrl: 'https://todo.apps.example.com',
        studioBasicAuthSecret: 'todo-dashboard',
        authSiteUrl: 'https://todo.example.com',
        authSmtpSecret: 'todo-smtp',
        dbInitHoldUpgrades: true,
        images: { functions: 'mirror.example.com/supabase/edge-runtime:v1' },
      });
      const { status, log } = await runTask(values);
      expect({ status, log }).toMatchObject({ status: 'completed' });
      const { spec } = fake.state.created.find(
        c => c.request.name === 'public-db',
      )!.request;
      expect(spec).toMatchObject({
        ingress: {
          host: 'todo.apps.example.com',
          className: 'nginx',
          tlsSecretRef: 'todo-tls',
        },
        functions: { enabled: true, configMapRef: 'todo-functions' },
        studio: {
          publicUrl: 'https://todo.apps.example.com',
          basicAuthSecretRef: 'todo-dashboard',
        },
        auth: {
          siteUrl: 'https://todo.example.com',
          smtpSecretRef: 'todo-smtp',
        },
        dbInit: { strict: false, holdUpgrades: true },
      });
      expect(spec.ingress?.annotations).toBeUndefined();
      // The form's replicas and image overrides reach the edge runtime too.
      expect(spec.components?.functions).toEqual({
        replicas: 1,
        image: 'mirror.example.com/supabase/edge-runtime:v1',
      });
    });

    it('drops settings the form kept after their switch was cleared', async () => {
      const values = formValues({
        name: 'stale-db',
        ingressTlsSecret: 'todo-tls',
        ingressClassName: 'nginx',
        functionsEnabled: false,
        functionsConfigMap: 'todo-functions',
      });
      const { status, log } = await runTask(values);
      expect({ status, log }).toMatchObject({ status: 'completed' });
      const { spec } = fake.state.created.find(
        c => c.request.name === 'stale-db',
      )!.request;
      expect(spec.ingress).toBeUndefined();
      expect(spec.functions).toEqual({ enabled: false });
      expect(spec.components?.functions).toBeUndefined();
    });

    it('leaves exposure and features out when the page is skipped', async () => {
      const { status } = await runTask(formValues({ name: 'skipped-db' }));
      expect(status).toBe('completed');
      const { spec } = fake.state.created.find(
        c => c.request.name === 'skipped-db',
      )!.request;
      expect(Object.keys(spec).sort()).toEqual([
        'apiKeys',
        'cluster',
        'components',
        'database',
        'dbInit',
        'jwt',
      ]);
      expect(spec.dbInit).toEqual({ strict: false });
      expect(spec.components?.functions).toBeUndefined();
    });

    it('shows the links of a finished task', async () => {
      const { status, body } = await runTask(formValues({ name: 'links-db' }));
      expect(status).toBe('completed');
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${body.id}/events`)
        .set('Authorization', mockCredentials.user.header());
      const completion = (
        task.body as { type: string; body: { output?: any } }[]
      ).find(e => e.type === 'completion');
      expect(completion?.body.output.links).toEqual([
        {
          title: 'Open project',
          icon: 'dashboard',
          url: 'http://localhost:3000/supabase/default/links-db',
        },
      ]);
      expect(completion?.body.output.text[0].content).toContain(
        FAKE_PUBLISHABLE_KEY,
      );
      // Inside the cluster: no Studio link, the port-forward command instead.
      expect(completion?.body.output.text[1].title).toBe(
        'Reach it from your machine',
      );
      expect(completion?.body.output.text[1].content).toContain(
        'kubectl -n default port-forward svc/links-db-kong 8000:8000',
      );
    });

    it('fails the task with a clear message when the project exists', async () => {
      await runTask(formValues({ name: 'twice-db' }));
      const { status, log } = await runTask(formValues({ name: 'twice-db' }));
      expect(status).toBe('failed');
      expect(log).toContain('Supabase project default/twice-db already exists');
    });

    it('retries a task whose first attempt created the project but lost the answer', async () => {
      fake.state.loseNextCreateAnswer = true;
      const first = await runTask(formValues({ name: 'lost-db' }));
      expect(first.status).toBe('failed');
      expect(fake.state.projects.has('default/lost-db')).toBe(true);

      // The scaffolder's retry keeps the task's checkpoints.
      const retried = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${first.body.id}/retry`)
        .set('Authorization', mockCredentials.user.header())
        .send({});
      expect(retried.status).toBe(201);
      const second = await followTask(first.body.id);

      expect({ status: second.status, log: second.log }).toMatchObject({
        status: 'completed',
      });
      expect(second.log).toContain(
        "Supabase project default/lost-db already exists with this step's spec and owner: an earlier attempt of this step created it",
      );
      expect(
        fake.state.created.filter(c => c.request.name === 'lost-db'),
      ).toHaveLength(1);
    });

    it('refuses a name the backend would refuse, before running anything', async () => {
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header())
        .send({
          templateRef: 'template:default/supabase-project',
          values: formValues({ name: 'Todo_DB' }),
        });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('name');
    });

    it('refuses a host the backend would refuse, before running anything', async () => {
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header())
        .send({
          templateRef: 'template:default/supabase-project',
          values: formValues({
            name: 'host-db',
            ingressHost: 'https://todo.example.com',
          }),
        });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('ingressHost');
    });

    it('dry-runs without creating anything', async () => {
      const before = fake.state.created.length;
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({
          template,
          values: formValues({ name: 'dry-db' }),
          directoryContents: [],
        });
      expect(response.status).toBe(200);
      expect(fake.state.created.length).toBe(before);
      // No Studio link and no connection details: a dry run has neither.
      expect(response.body.output).toEqual({
        links: [
          {
            title: 'Open project',
            icon: 'dashboard',
            url: 'http://localhost:3000/supabase/default/dry-db',
          },
        ],
        text: [],
      });
      expect(JSON.stringify(response.body.log)).toContain(
        'Dry run: would create Supabase project default/dry-db',
      );
    });

    it('dry-runs a published project with edge functions, listing them', async () => {
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({
          template,
          values: formValues({
            name: 'dry-public-db',
            ingressHost: 'todo.apps.example.com',
            functionsEnabled: true,
          }),
          directoryContents: [],
        });
      expect(response.status).toBe(200);
      const log = JSON.stringify(response.body.log);
      expect(log).toContain('Deployment/dry-public-db-functions');
      expect(log).toContain('Ingress/dry-public-db-kong');
    });
  });
});

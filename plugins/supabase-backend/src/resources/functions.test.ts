import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import {
  buildComponentObjects,
  CONFIG_HASH_ANNOTATION,
  projectEndpoints,
} from './components';
import {
  FUNCTIONS_COMMAND,
  FUNCTIONS_MAIN_SERVICE,
  HELLO_FUNCTION,
} from './functions';
import { signApiKey } from './jwt';
import { testOwner, testProject } from '../__testUtils__/testProject';

// A real shell lays out the functions, on a machine that may be busy.
jest.setTimeout(120_000);

const byKindAndName = (objects: any[]) =>
  Object.fromEntries(objects.map(o => [`${o.kind}/${o.metadata.name}`, o]));

const withSpec = (spec: Partial<ProjectSpec>) =>
  testProject({ spec: { database: { secretRef: 'db' }, ...spec } });

const kongServices = (objects: Record<string, any>) =>
  JSON.parse(objects['ConfigMap/shop-kong'].data['kong.json']).services;

const container = (objects: Record<string, any>, name: string) =>
  objects[`Deployment/${name}`].spec.template.spec.containers[0];

describe('edge functions', () => {
  it('are off by default: no Deployment, Service, ConfigMap, route or endpoint', () => {
    for (const spec of [{}, { functions: { enabled: false } }]) {
      const project = withSpec(spec);
      const objects = byKindAndName(buildComponentObjects(project, testOwner));
      expect(Object.keys(objects).filter(k => k.includes('functions'))).toEqual(
        [],
      );
      expect(objects['ConfigMap/shop-kong'].data['kong.json']).not.toContain(
        'functions',
      );
      expect(projectEndpoints(project).functions).toBeUndefined();
    }
  });

  it('when enabled, run the edge runtime behind Kong with its credentials by reference', () => {
    const project = withSpec({ functions: { enabled: true } });
    const objects = byKindAndName(buildComponentObjects(project, testOwner));
    expect(objects['Deployment/shop-functions']).toBeDefined();
    expect(objects['Service/shop-functions'].spec.ports).toEqual([
      { name: 'http', port: 9000, targetPort: 9000 },
    ]);

    const edge = container(objects, 'shop-functions');
    expect(edge.image).toMatch(/^supabase\/edge-runtime:v/);
    const env = Object.fromEntries(edge.env.map((e: any) => [e.name, e]));
    expect(env.SUPABASE_URL.value).toBe('http://shop-kong.team-a.svc:8000');
    expect(env.JWT_SECRET.valueFrom.secretKeyRef).toEqual({
      name: 'shop-jwt',
      key: 'componentJwtSecret',
    });
    expect(env.SUPABASE_ANON_KEY.valueFrom.secretKeyRef).toEqual({
      name: 'shop-jwt',
      key: 'clientAnonKey',
    });
    expect(env.SUPABASE_SERVICE_ROLE_KEY.valueFrom.secretKeyRef).toEqual({
      name: 'shop-jwt',
      key: 'clientServiceKey',
    });
    expect(env.SUPABASE_DB_URL.valueFrom.secretKeyRef).toEqual({
      name: 'shop-roles',
      key: 'functionsDatabaseUrl',
    });
    expect(edge.readinessProbe.httpGet).toEqual({
      path: '/_internal/health',
      port: 9000,
    });

    // The main service from our ConfigMap, the hello function as source.
    const pod = objects['Deployment/shop-functions'].spec.template.spec;
    expect(pod.volumes).toEqual([
      {
        name: 'main',
        configMap: {
          name: 'shop-functions',
          items: [{ key: 'main.ts', path: 'index.ts' }],
        },
      },
      {
        name: 'source',
        configMap: {
          name: 'shop-functions',
          items: [{ key: 'hello.ts', path: 'hello.ts' }],
        },
      },
      { name: 'functions', emptyDir: {} },
    ]);
    expect(edge.command.join(' ')).toContain(
      'edge-runtime start --main-service /home/deno/main --port 9000',
    );
    expect(objects['ConfigMap/shop-functions'].data).toEqual({
      'main.ts': FUNCTIONS_MAIN_SERVICE,
      'hello.ts': HELLO_FUNCTION,
    });

    // Kong routes /functions/v1/ with an API key, as the other APIs.
    const route = kongServices(objects).find(
      (s: any) => s.name === 'functions-v1',
    );
    expect(route).toEqual({
      name: 'functions-v1',
      url: 'http://shop-functions.team-a.svc:9000/',
      routes: [
        { name: 'functions-v1', strip_path: true, paths: ['/functions/v1/'] },
      ],
      plugins: [
        { name: 'cors' },
        { name: 'key-auth', config: { hide_credentials: false } },
        // An opaque key becomes a token the runtime verifies.
        expect.objectContaining({ name: 'request-transformer' }),
        {
          name: 'acl',
          config: { hide_groups_header: true, allow: ['admin', 'anon'] },
        },
      ],
    });
    expect(projectEndpoints(project).functions).toBe(
      'http://shop-kong.team-a.svc:8000/functions/v1',
    );
  });

  it('take the functions from the ConfigMap the spec names, and the usual overrides', () => {
    const objects = byKindAndName(
      buildComponentObjects(
        withSpec({
          functions: { enabled: true, configMapRef: 'my-functions' },
          components: {
            functions: {
              image: 'registry.example.com/edge-runtime:1',
              replicas: 2,
              env: { VERIFY_JWT: 'true' },
            },
          },
        }),
        testOwner,
      ),
    );
    const deployment = objects['Deployment/shop-functions'];
    expect(deployment.spec.replicas).toBe(2);
    const edge = container(objects, 'shop-functions');
    expect(edge.image).toBe('registry.example.com/edge-runtime:1');
    expect(edge.env.filter((e: any) => e.name === 'VERIFY_JWT')).toEqual([
      { name: 'VERIFY_JWT', value: 'true' },
    ]);
    expect(deployment.spec.template.spec.volumes[1]).toEqual({
      name: 'source',
      configMap: { name: 'my-functions' },
    });
  });

  it('roll Kong when its routes change, through a hash of its configuration', () => {
    const hash = (spec: Partial<ProjectSpec>) =>
      byKindAndName(buildComponentObjects(withSpec(spec), testOwner))[
        'Deployment/shop-kong'
      ].spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION];
    expect(hash({})).toMatch(/^[0-9a-f]{16}$/);
    expect(hash({})).toBe(hash({ functions: { enabled: false } }));
    expect(hash({ functions: { enabled: true } })).not.toBe(hash({}));
    // Settings outside Kong's configuration do not restart it.
    expect(hash({ jwt: { expirySeconds: 600 } })).toBe(hash({}));
  });
});

describe('the edge runtime start script', () => {
  it('lays out each <name>.ts as <name>/index.ts and skips what is no function name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functions-start-'));
    try {
      const source = path.join(dir, 'source');
      const functions = path.join(dir, 'functions');
      fs.mkdirSync(source);
      fs.writeFileSync(path.join(source, 'hello.ts'), 'hello');
      fs.writeFileSync(path.join(source, 'send-mail_2.ts'), 'mail');
      fs.writeFileSync(path.join(source, 'bad.name.ts'), 'bad');
      fs.writeFileSync(path.join(source, 'README.md'), 'docs');
      const script = FUNCTIONS_COMMAND[2]
        .replaceAll('/home/deno/source', source)
        .replaceAll('/home/deno/functions', functions)
        .replace(/^exec edge-runtime .*$/m, 'echo started');
      const out = execFileSync(FUNCTIONS_COMMAND[0], ['-c', script], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out.trim().split('\n')).toEqual([
        'function hello',
        'function send-mail_2',
        'started',
      ]);
      expect(fs.readdirSync(functions).sort()).toEqual([
        'hello',
        'send-mail_2',
      ]);
      expect(
        fs.readFileSync(
          path.join(functions, 'send-mail_2', 'index.ts'),
          'utf8',
        ),
      ).toBe('mail');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the edge runtime main service', () => {
  class NotFound extends Error {}

  /** Runs the main service with stand-ins for Deno and EdgeRuntime. */
  function mainService(env: Record<string, string>, existing: string[]) {
    let handler!: (req: Request) => Promise<Response>;
    const created: any[] = [];
    const deno = {
      env: {
        get: (name: string) => env[name],
        toObject: () => ({ ...env }),
      },
      errors: { NotFound },
      serve: (h: typeof handler) => {
        handler = h;
      },
      stat: async (p: string) => {
        if (!existing.includes(p)) throw new NotFound(p);
        return {};
      },
    };
    const edgeRuntime = {
      userWorkers: {
        create: async (options: any) => {
          created.push(options);
          return {
            fetch: async (req: Request) =>
              new Response(
                `${options.servicePath} ${new URL(req.url).pathname}`,
              ),
          };
        },
      },
    };
    // eslint-disable-next-line no-new-func
    new Function('Deno', 'EdgeRuntime', FUNCTIONS_MAIN_SERVICE)(
      deno,
      edgeRuntime,
    );
    const call = (pathname: string, headers: Record<string, string> = {}) =>
      handler(new Request(`http://localhost:9000${pathname}`, { headers }));
    return { call, created };
  }

  it('answers its health path and hands each request to the named function', async () => {
    const { call, created } = mainService({ SUPABASE_URL: 'http://kong' }, [
      '/home/deno/functions/hello',
    ]);
    const health = await call('/_internal/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const hello = await call('/hello/world');
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('/home/deno/functions/hello /hello/world');
    expect(created[0]).toMatchObject({
      servicePath: '/home/deno/functions/hello',
      envVars: [['SUPABASE_URL', 'http://kong']],
    });

    expect((await call('/nothing-here')).status).toBe(404);
    expect((await call('/')).status).toBe(400);
    expect((await call('/..%2F..%2Fetc')).status).toBe(400);
    expect(created).toHaveLength(1);
  });

  it('with VERIFY_JWT, requires a bearer JWT signed with the project secret', async () => {
    const secret = 'a-project-secret-of-some-length-0123456789';
    const { call } = mainService({ VERIFY_JWT: 'true', JWT_SECRET: secret }, [
      '/home/deno/functions/hello',
    ]);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await call('/hello')).status).toBe(401);
    const good = await signApiKey(secret, 'anon');
    expect((await call('/hello', bearer(good))).status).toBe(200);
    const wrongSecret = await signApiKey(`${secret}x`, 'anon');
    expect((await call('/hello', bearer(wrongSecret))).status).toBe(401);
    const expired = await signApiKey(secret, 'anon', 1_000_000);
    expect((await call('/hello', bearer(expired))).status).toBe(401);
    expect((await call('/hello', bearer('not.a.jwt'))).status).toBe(401);
  });
});

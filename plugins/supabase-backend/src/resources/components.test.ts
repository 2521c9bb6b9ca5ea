import type { V1Deployment } from '@kubernetes/client-node';
import {
  DERIVED_NAME_SUFFIXES,
  PROJECT_NAME_MAX_LENGTH,
  ProjectSpec,
} from '@supabase-backstage/plugin-supabase-common';
import { buildAnchor } from './anchor';
import { buildComponentObjects, projectEndpoints } from './components';
import { buildDbInitJob } from './dbInitJob';
import {
  buildDbInitSecret,
  buildProjectSecrets,
  buildRolesSecret,
} from './secrets';
import {
  testOwner,
  testProject,
  testRolePasswords,
} from '../__testUtils__/testProject';

const byKindAndName = (objects: any[]) =>
  Object.fromEntries(objects.map(o => [`${o.kind}/${o.metadata.name}`, o]));

describe('buildComponentObjects', () => {
  it('builds kong config plus a Deployment and Service per component', () => {
    const objects = byKindAndName(
      buildComponentObjects(testProject(), testOwner),
    );
    expect(Object.keys(objects).sort()).toEqual(
      [
        'ConfigMap/shop-kong',
        ...['kong', 'auth', 'rest', 'realtime', 'meta', 'studio'].flatMap(c => [
          `Deployment/shop-${c}`,
          `Service/shop-${c}`,
        ]),
      ].sort(),
    );
  });

  it('points realtime and meta at the database the plugin creates on a server', () => {
    const objects = byKindAndName(
      buildComponentObjects(
        testProject({ spec: { database: { serverSecretRef: 'pg-server' } } }),
        testOwner,
      ),
    );
    const envOf = (component: string) =>
      objects[`Deployment/shop-${component}`].spec.template.spec.containers[0]
        .env;
    expect(envOf('realtime')).toContainEqual({
      name: 'DB_NAME',
      value: 'supabase_team_a_shop',
    });
    expect(envOf('realtime')).toContainEqual({
      name: 'DB_HOST',
      valueFrom: { secretKeyRef: { name: 'pg-server', key: 'host' } },
    });
    expect(envOf('meta')).toContainEqual({
      name: 'PG_META_DB_NAME',
      value: 'supabase_team_a_shop',
    });
  });

  it('restarts every component when the project moves to another database', () => {
    const templates = (databaseVersion: string) =>
      buildComponentObjects(testProject(), testOwner, { databaseVersion })
        .filter(o => o.kind === 'Deployment')
        .map(
          d =>
            (d as V1Deployment).spec!.template.metadata!.annotations![
              'supabase.backstage.io/database-version'
            ],
        );
    expect(new Set(templates('aaaa'))).toEqual(new Set(['aaaa']));
    expect(new Set(templates('bbbb'))).toEqual(new Set(['bbbb']));
  });

  it('leaves storage out without a storage Secret, and routes it with one', () => {
    const without = buildComponentObjects(testProject(), testOwner);
    expect(JSON.stringify(without)).not.toContain('storage-v1');
    const withStorage = byKindAndName(
      buildComponentObjects(
        testProject({
          spec: { database: { secretRef: 'db' }, storage: { secretRef: 's3' } },
        }),
        testOwner,
      ),
    );
    expect(withStorage['Deployment/shop-storage']).toBeDefined();
    expect(withStorage['ConfigMap/shop-kong'].data['kong.json']).toContain(
      '/storage/v1/',
    );
    const env =
      withStorage['Deployment/shop-storage'].spec.template.spec.containers[0]
        .env;
    expect(env).toContainEqual({
      name: 'AWS_SECRET_ACCESS_KEY',
      valueFrom: { secretKeyRef: { name: 's3', key: 'secretAccessKey' } },
    });
  });

  it('applies image, replica, resource and env overrides', () => {
    const objects = byKindAndName(
      buildComponentObjects(
        testProject({
          spec: {
            database: { secretRef: 'db' },
            components: {
              auth: {
                image: 'my/gotrue:1',
                replicas: 3,
                resources: { limits: { memory: '1Gi' } },
                env: { GOTRUE_DISABLE_SIGNUP: 'true', EXTRA: 'x' },
              },
            },
          },
        }),
        testOwner,
      ),
    );
    const deployment = objects['Deployment/shop-auth'];
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(3);
    expect(container.image).toBe('my/gotrue:1');
    expect(container.resources).toEqual({ limits: { memory: '1Gi' } });
    const env = Object.fromEntries(
      container.env.map((e: any) => [e.name, e.value]),
    );
    expect(env.GOTRUE_DISABLE_SIGNUP).toBe('true');
    expect(env.EXTRA).toBe('x');
    expect(
      container.env.filter((e: any) => e.name === 'GOTRUE_DISABLE_SIGNUP'),
    ).toHaveLength(1);
  });

  it('gives auth its site URL, SMTP and OAuth providers, credentials by reference only', () => {
    const objects = byKindAndName(
      buildComponentObjects(
        testProject({
          spec: {
            database: { secretRef: 'db' },
            auth: {
              siteUrl: 'https://app.example.com',
              smtpSecretRef: 'mail',
              oauthProviders: {
                github: { secretRef: 'gh-oauth' },
                google: { secretRef: 'google-oauth' },
              },
            },
          },
        }),
        testOwner,
      ),
    );
    const env: any[] =
      objects['Deployment/shop-auth'].spec.template.spec.containers[0].env;
    const byName = Object.fromEntries(env.map(e => [e.name, e]));
    expect(byName.GOTRUE_SITE_URL.value).toBe('https://app.example.com');
    expect(byName.GOTRUE_SMTP_PASS.valueFrom.secretKeyRef).toEqual({
      name: 'mail',
      key: 'password',
    });
    expect(byName.GOTRUE_SMTP_ADMIN_EMAIL.valueFrom.secretKeyRef).toEqual({
      name: 'mail',
      key: 'senderEmail',
    });
    expect(byName.GOTRUE_EXTERNAL_GITHUB_ENABLED.value).toBe('true');
    expect(byName.GOTRUE_EXTERNAL_GITHUB_SECRET.valueFrom.secretKeyRef).toEqual(
      { name: 'gh-oauth', key: 'clientSecret' },
    );
    expect(
      byName.GOTRUE_EXTERNAL_GOOGLE_CLIENT_ID.valueFrom.secretKeyRef,
    ).toEqual({ name: 'google-oauth', key: 'clientId' });
    expect(byName.GOTRUE_EXTERNAL_GOOGLE_REDIRECT_URI.value).toMatch(
      /^http:\/\/shop-kong\.team-a\.svc[^ ]*\/auth\/v1\/callback$/,
    );
    // Without them, none of it is there.
    const plain = byKindAndName(
      buildComponentObjects(testProject(), testOwner),
    );
    const plainEnv: any[] =
      plain['Deployment/shop-auth'].spec.template.spec.containers[0].env;
    expect(
      plainEnv.filter(e =>
        /SMTP|GOTRUE_EXTERNAL_(?!EMAIL|ANONYMOUS)/.test(e.name),
      ),
    ).toEqual([]);
  });

  it('publishes the API gateway through an Ingress with TLS, and says so in the endpoints', () => {
    const project = testProject({
      spec: {
        database: { secretRef: 'db' },
        ingress: {
          host: 'shop.example.com',
          className: 'nginx',
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
          tlsSecretRef: 'shop-tls',
        },
      },
    });
    const objects = byKindAndName(buildComponentObjects(project, testOwner));
    const ingress = objects['Ingress/shop-kong'];
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(ingress.metadata.ownerReferences[0].uid).toBe(testOwner.uid);
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'shop-kong', port: { number: 8000 } },
                },
              },
            ],
          },
        },
      ],
    });
    expect(projectEndpoints(project)).toMatchObject({
      api: 'https://shop.example.com',
      auth: 'https://shop.example.com/auth/v1',
    });
    // No ingress in the spec: no Ingress object.
    expect(
      buildComponentObjects(testProject(), testOwner).some(
        o => o.kind === 'Ingress',
      ),
    ).toBe(false);
  });

  it('labels and owns every object, with names valid for the longest project name', async () => {
    const name = `a${'b'.repeat(PROJECT_NAME_MAX_LENGTH - 1)}`;
    const project = testProject({
      name,
      spec: {
        database: { secretRef: 'db' },
        storage: { secretRef: 's3' },
        functions: { enabled: true },
      },
    });
    const objects: any[] = [
      ...buildComponentObjects(project, testOwner),
      buildDbInitJob(project, testOwner, {
        runId: 1,
        sqlVersion: 'v',
        roles: { version: 'r' },
      }),
      await buildProjectSecrets(project, testOwner, {}),
      buildRolesSecret(
        project,
        testOwner,
        {
          host: 'h',
          port: '1',
          database: 'd',
          username: 'u',
          password: 'p',
          sslMode: 'require',
        },
        testRolePasswords(),
      ),
      buildDbInitSecret(project, testOwner, testRolePasswords()),
    ];
    for (const object of [...objects, buildAnchor(project)]) {
      expect(object.metadata.name.length).toBeLessThanOrEqual(63);
      expect(
        DERIVED_NAME_SUFFIXES.some(s => object.metadata.name === `${name}${s}`),
      ).toBe(true);
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/part-of': 'supabase',
        'app.kubernetes.io/managed-by': 'backstage',
        'backstage.io/kubernetes-id': name,
      });
    }
    for (const object of objects) {
      expect(object.metadata.ownerReferences).toEqual([
        expect.objectContaining({ uid: testOwner.uid, controller: true }),
      ]);
    }
  });
});

describe('projectEndpoints', () => {
  it('points at kong inside the cluster, Studio included (behind its basic auth)', () => {
    expect(projectEndpoints(testProject())).toEqual({
      api: 'http://shop-kong.team-a.svc:8000',
      auth: 'http://shop-kong.team-a.svc:8000/auth/v1',
      rest: 'http://shop-kong.team-a.svc:8000/rest/v1',
      realtime: 'http://shop-kong.team-a.svc:8000/realtime/v1',
      studio: 'http://shop-kong.team-a.svc:8000',
    });
  });

  it("points at the Ingress and at Studio's public URL when the spec has them", () => {
    const endpoints = projectEndpoints(
      testProject({
        spec: {
          ...testProject().spec,
          ingress: { host: 'shop.example.com' },
          studio: { publicUrl: 'https://studio.shop.example.com' },
        },
      }),
    );
    expect(endpoints.api).toMatch(/^https?:\/\/shop\.example\.com$/);
    expect(endpoints.studio).toBe('https://studio.shop.example.com');
  });
});

describe('database pools', () => {
  const poolEnv = (spec: ProjectSpec) =>
    Object.fromEntries(
      buildComponentObjects(testProject({ spec }), testOwner)
        .filter(o => o.kind === 'Deployment')
        .map(o => {
          const container = (o as V1Deployment).spec!.template.spec!
            .containers[0];
          const pool = container.env!.filter(e =>
            [
              'GOTRUE_DB_MAX_POOL_SIZE',
              'PGRST_DB_POOL',
              'DB_POOL_SIZE',
              'DATABASE_MAX_CONNECTIONS',
            ].includes(e.name),
          );
          return [container.name, pool.map(e => `${e.name}=${e.value}`)];
        }),
    );

  it('splits maxConnections over every replica that keeps a pool', () => {
    // auth x2, rest, realtime, storage: 5 replicas, 20 / 5 = 4 each.
    expect(
      poolEnv({
        database: { secretRef: 'db', maxConnections: 22 },
        storage: { secretRef: 's3' },
        components: { auth: { replicas: 2 } },
      }),
    ).toEqual({
      kong: [],
      auth: ['GOTRUE_DB_MAX_POOL_SIZE=4'],
      rest: ['PGRST_DB_POOL=4'],
      realtime: ['DB_POOL_SIZE=4'],
      storage: ['DATABASE_MAX_CONNECTIONS=4'],
      meta: [],
      studio: [],
    });
  });

  it("leaves the components' own defaults without a cap, and lets extra env win", () => {
    expect(
      Object.values(poolEnv({ database: { secretRef: 'db' } })).flat(),
    ).toEqual([]);
    expect(
      poolEnv({
        database: { secretRef: 'db', maxConnections: 9 },
        components: {
          rest: { env: { PGRST_DB_POOL: '1' } },
        },
      }),
    ).toMatchObject({
      auth: ['GOTRUE_DB_MAX_POOL_SIZE=3'],
      rest: ['PGRST_DB_POOL=1'],
      realtime: ['DB_POOL_SIZE=3'],
    });
  });
});

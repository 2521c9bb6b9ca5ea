import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { buildComponentObjects, projectEndpoints } from './components';
import { testOwner, testProject } from '../__testUtils__/testProject';

// A real shell runs Kong's start command, on a machine that may be busy.
jest.setTimeout(120_000);

const byKindAndName = (objects: any[]) =>
  Object.fromEntries(objects.map(o => [`${o.kind}/${o.metadata.name}`, o]));

const build = (spec: Partial<ProjectSpec> = {}) =>
  byKindAndName(
    buildComponentObjects(
      testProject({ spec: { database: { secretRef: 'db' }, ...spec } }),
      testOwner,
    ),
  );

const envOf = (objects: Record<string, any>, deployment: string) =>
  Object.fromEntries(
    objects[
      `Deployment/${deployment}`
    ].spec.template.spec.containers[0].env.map((e: any) => [e.name, e]),
  );

/**
 * Runs Kong's start command with /bin/sh against the ConfigMap's kong.json
 * and the given environment, and returns the configuration Kong would load.
 */
function startKong(
  objects: Record<string, any>,
  env: Record<string, string>,
): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kong-start-'));
  try {
    const input = path.join(dir, 'in.json');
    const output = path.join(dir, 'out.json');
    fs.writeFileSync(input, objects['ConfigMap/shop-kong'].data['kong.json']);
    const [shell, flag, script] =
      objects['Deployment/shop-kong'].spec.template.spec.containers[0].command;
    execFileSync(
      shell,
      [
        flag,
        script
          .replace('/config/kong.json', input)
          .replace('/usr/local/kong/kong.json', output)
          .replace('exec /entrypoint.sh kong docker-start', 'true'),
      ],
      { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' },
    );
    return JSON.parse(fs.readFileSync(output, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const dashboardCredentials = (config: any) =>
  config.consumers.find((c: any) => c.username === 'DASHBOARD')
    .basicauth_credentials[0];

const KEYS = {
  SUPABASE_ANON_KEY: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2ln',
  SUPABASE_SERVICE_KEY: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZSJ9.c2ln',
};

describe('the dashboard basic auth in Kong', () => {
  it('uses the generated credentials without a Secret of the user', () => {
    const env = envOf(build(), 'shop-kong');
    expect(env.DASHBOARD_USERNAME.valueFrom.secretKeyRef).toEqual({
      name: 'shop-jwt',
      key: 'dashboardUsername',
    });
    expect(env.DASHBOARD_PASSWORD.valueFrom.secretKeyRef).toEqual({
      name: 'shop-jwt',
      key: 'dashboardPassword',
    });
  });

  it('takes username and password from the named Secret, by reference only', () => {
    const objects = build({ studio: { basicAuthSecretRef: 'dash-auth' } });
    const env = envOf(objects, 'shop-kong');
    expect(env.DASHBOARD_USERNAME).toEqual({
      name: 'DASHBOARD_USERNAME',
      valueFrom: { secretKeyRef: { name: 'dash-auth', key: 'username' } },
    });
    expect(env.DASHBOARD_PASSWORD).toEqual({
      name: 'DASHBOARD_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'dash-auth', key: 'password' } },
    });
    // The ConfigMap holds placeholders; the dashboard route asks for them.
    const config = JSON.parse(objects['ConfigMap/shop-kong'].data['kong.json']);
    expect(dashboardCredentials(config)).toEqual({
      username: '__DASHBOARD_USERNAME__',
      password: '__DASHBOARD_PASSWORD__',
    });
    const dashboard = config.services.find((s: any) => s.name === 'dashboard');
    expect(dashboard.url).toBe('http://shop-studio.team-a.svc:3000/');
    expect(dashboard.plugins).toContainEqual({
      name: 'basic-auth',
      config: { hide_credentials: true },
    });
  });

  it("fills in any printable credentials at Kong's start, each value intact", () => {
    const objects = build({ studio: { basicAuthSecretRef: 'dash-auth' } });
    for (const [username, password] of [
      ['admin', 'simple-Password_1'],
      [`o'brien "the" \\admin\\`, `p|a&s\\s"w'o/r#d$1 ü`],
      ['__DASHBOARD_PASSWORD__', '\\1 & \\& |'],
    ]) {
      const config = startKong(objects, {
        ...KEYS,
        DASHBOARD_USERNAME: username,
        DASHBOARD_PASSWORD: password,
      });
      expect(dashboardCredentials(config)).toEqual({ username, password });
      const keys = Object.fromEntries(
        config.consumers
          .filter((c: any) => c.keyauth_credentials)
          .map((c: any) => [c.username, c.keyauth_credentials[0].key]),
      );
      expect(keys).toEqual({
        anon: KEYS.SUPABASE_ANON_KEY,
        service_role: KEYS.SUPABASE_SERVICE_KEY,
      });
    }
  });
});

describe("Studio's public URL", () => {
  it('becomes the studio endpoint, its SUPABASE_PUBLIC_URL and auth default site URL', () => {
    const spec = { studio: { publicUrl: 'https://studio.example.com' } };
    const env = envOf(build(spec), 'shop-studio');
    expect(env.SUPABASE_PUBLIC_URL.value).toBe('https://studio.example.com');
    expect(env.SUPABASE_URL.value).toBe('http://shop-kong.team-a.svc:8000');
    expect(envOf(build(spec), 'shop-auth').GOTRUE_SITE_URL.value).toBe(
      'https://studio.example.com',
    );
    const project = testProject({
      spec: { database: { secretRef: 'db' }, ...spec },
    });
    expect(projectEndpoints(project).studio).toBe('https://studio.example.com');
  });

  it('defaults to the in-cluster URLs, Studio behind Kong, and an explicit site URL still wins', () => {
    expect(envOf(build(), 'shop-studio').SUPABASE_PUBLIC_URL.value).toBe(
      'http://shop-kong.team-a.svc:8000',
    );
    // Through Kong, which asks for the dashboard login; never Studio's own Service.
    expect(projectEndpoints(testProject()).studio).toBe(
      'http://shop-kong.team-a.svc:8000',
    );
    const env = envOf(
      build({
        studio: { publicUrl: 'https://studio.example.com' },
        auth: { siteUrl: 'https://app.example.com' },
      }),
      'shop-auth',
    );
    expect(env.GOTRUE_SITE_URL.value).toBe('https://app.example.com');
  });
});

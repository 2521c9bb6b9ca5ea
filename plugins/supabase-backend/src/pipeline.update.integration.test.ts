import { TestDatabases } from '@backstage/backend-test-utils';
import type { V1Pod } from '@kubernetes/client-node';
import { ProjectEvent } from '@supabase-backstage/plugin-supabase-common';
import { Knex } from 'knex';
import {
  startSupabaseBackend,
  SupabaseTestBackend,
} from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { queryDatabase } from './__testUtils__/queryDatabase';
import {
  KEYS_VERSION_ANNOTATION,
  ROLES_VERSION_ANNOTATION,
  verifyApiKey,
} from './resources';
import { COMPONENT_LABEL, INSTANCE_LABEL } from './resources/labels';
import { waitUntil } from './__testUtils__/waitUntil';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
// Each project gets a database of its own on the server (a database holds
// one project).
const spec = { database: { serverSecretRef: 'db', sslMode: 'disable' } };

describe('updating a project', () => {
  let cluster: TestCluster;
  let knex: Knex;
  let env: SupabaseTestBackend;

  // The store outlives a backend: the broken-image test hands it to one with
  // a short component timeout, then back to one with the default.
  const startBackend = (componentTimeoutSeconds?: number) =>
    startSupabaseBackend(cluster, { knex, componentTimeoutSeconds });

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-u');
    await cluster.createDatabaseSecret('team-u', 'db');
    knex = await databases.init('POSTGRES_15');
    env = await startBackend();
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  async function runningProject(name: string, projectSpec: object = spec) {
    await env.api
      .post('/projects', { namespace: 'team-u', name, spec: projectSpec })
      .expect(201);
    return env.api.waitFor(`team-u/${name}`, p => p?.phase === 'Running');
  }

  async function waitForEvent(name: string, reason: string) {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const res = await env.api.get(`/projects/team-u/${name}/events`);
      const events: ProjectEvent[] = res.body.items;
      if (events.some(e => e.reason === reason)) return events;
      if (Date.now() > deadline) {
        throw new Error(
          `No ${reason} event; got ${events.map(e => e.reason).join(', ')}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  /** The newest db-init run of a project, with the files its last attempt applied. */
  /**
   * The project's last db-init run, once its last attempt's file results
   * are in: they come from the archived log, a moment after the Job ends.
   */
  async function lastDbInitRun(name: string) {
    const { run, attempt } = await waitUntil(
      `the file results of ${name}'s last db-init run`,
      async () => {
        const [last] = (await env.api.get(`/projects/team-u/${name}/db-init`))
          .body.runs;
        const lastAttempt = last?.attempts[last.attempts.length - 1];
        return lastAttempt?.fileResults?.length
          ? { run: last, attempt: lastAttempt }
          : undefined;
      },
    );
    return {
      trigger: run.trigger,
      number: run.number,
      applied: attempt.fileResults
        .filter((r: { result: string }) => r.result === 'applied')
        .map((r: { file: string }) => r.file),
    };
  }

  async function apps() {
    const k8s = await import('@kubernetes/client-node');
    return {
      apps: cluster.kubeConfig.makeApiClient(k8s.AppsV1Api),
      core: cluster.kubeConfig.makeApiClient(k8s.CoreV1Api),
    };
  }

  it('keeps the old pods serving while an image never becomes available', async () => {
    cluster.cluster.setFaults({ unreadyImages: ['registry.example.com/*'] });
    await runningProject('broken');
    // The backend restarts with a one-second component timeout for the
    // broken rollout alone: a rollout that can never become available ends
    // in RolloutFailed, whatever the machine's speed, while the healthy
    // rollouts of the other tests keep the production timeout.
    await env.stop();
    env = await startBackend(1);
    try {
      await env.api
        .patch('/projects/team-u/broken', {
          spec: {
            ...spec,
            components: {
              rest: { image: 'registry.example.com/postgrest:never' },
            },
          },
        })
        .expect(200);

      // What the failure says, and that the project stays Running, is
      // keepRunning's unit test; here, what the cluster does meanwhile.
      await waitForEvent('broken', 'RolloutFailed');

      // The pod from before the update is still there and ready.
      const { core } = await apps();
      const pods = await core.listNamespacedPod({
        namespace: 'team-u',
        labelSelector: `${INSTANCE_LABEL}=broken,${COMPONENT_LABEL}=rest`,
      });
      const serving = pods.items.filter(
        (pod: V1Pod) =>
          pod.spec?.containers[0].image !==
            'registry.example.com/postgrest:never' &&
          pod.status?.conditions?.some(
            c => c.type === 'Ready' && c.status === 'True',
          ),
      );
      expect(serving).toHaveLength(1);
    } finally {
      cluster.cluster.setFaults({});
      await env.stop();
      env = await startBackend();
    }
  });

  // Renaming, moving and bad values are refused before the cluster is
  // asked (service/validation.test.ts, service/router.test.ts); a Secret is
  // looked up in the cluster.
  it('refuses unknown Secrets, changing nothing', async () => {
    await runningProject('fixed');
    const missing = await env.api.patch('/projects/team-u/fixed', {
      spec: { ...spec, storage: { secretRef: 'nowhere' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain(
      'The storage Secret "team-u/nowhere" does not exist',
    );
    const noMail = await env.api.patch('/projects/team-u/fixed', {
      spec: {
        ...spec,
        auth: {
          smtpSecretRef: 'mail',
          oauthProviders: { github: { secretRef: 'gh' } },
        },
      },
    });
    expect(noMail.status).toBe(400);
    expect(noMail.body.error.message).toContain(
      'The SMTP Secret "team-u/mail" does not exist',
    );
    expect(noMail.body.error.message).toContain(
      'The github OAuth Secret "team-u/gh" does not exist',
    );

    const project = await env.api.get('/projects/team-u/fixed').expect(200);
    expect(project.body.generation).toBe(1);
    // As created: the request and a new project's defaults (its cluster,
    // only the new API keys).
    expect(project.body.spec).toEqual({
      ...spec,
      cluster: 'default',
      apiKeys: { legacy: false },
    });
    const events = await env.api.get('/projects/team-u/fixed/events');
    expect(events.body.items.map((e: ProjectEvent) => e.reason)).not.toContain(
      'SpecChanged',
    );
  });

  it('applies a changed custom SQL file to a Running project, only that file, once upgrades are no longer held', async () => {
    const { core } = await apps();
    const configMap = (sql: string) => ({
      metadata: { name: 'extra-sql', namespace: 'team-u' },
      data: { '10-extra.sql': sql },
    });
    await core.createNamespacedConfigMap({
      namespace: 'team-u',
      body: configMap('create table if not exists public.extra_one (id int);'),
    });
    const held = {
      ...spec,
      dbInit: { customSqlConfigMap: 'extra-sql', holdUpgrades: true },
    };
    await runningProject('upgrade', held);

    await core.replaceNamespacedConfigMap({
      namespace: 'team-u',
      name: 'extra-sql',
      body: configMap('create table if not exists public.extra_two (id int);'),
    });
    const waiting = await env.api.waitFor(
      'team-u/upgrade',
      p => !!p?.warnings?.some(w => w.code === 'SqlUpgradeHeld'),
    );
    expect(waiting?.phase).toBe('Running');
    const before = await env.api.get('/projects/team-u/upgrade/db-init');
    expect(before.body.runs).toHaveLength(1);

    await env.api
      .patch('/projects/team-u/upgrade', {
        spec: { ...held, dbInit: { ...held.dbInit, holdUpgrades: false } },
      })
      .expect(200);
    // The warning may clear before the project leaves Running for its run:
    // wait for the run itself to have finished, then for Running.
    const after = await waitUntil('the upgrade run to finish', async () => {
      const runs = await env.api.get('/projects/team-u/upgrade/db-init');
      return runs.body.runs.length > 1 &&
        ['Succeeded', 'Failed'].includes(runs.body.runs[0].state)
        ? runs
        : undefined;
    });
    const upgraded = await env.api.waitFor(
      'team-u/upgrade',
      p =>
        p?.phase === 'Running' &&
        !p.warnings?.some(w => w.code === 'SqlUpgradeHeld'),
    );
    expect(upgraded?.phase).toBe('Running');
    const [latest] = after.body.runs;
    expect(after.body.runs).toHaveLength(2);
    expect(latest).toMatchObject({
      trigger: 'SqlSetChanged',
      state: 'Succeeded',
    });
    const attempt = latest.attempts[latest.attempts.length - 1];
    const applied = attempt.fileResults
      .filter((r: { result: string }) => r.result === 'applied')
      .map((r: { file: string }) => r.file);
    expect(applied).toEqual(['custom/10-extra.sql']);
    expect(attempt.fileResults.length).toBeGreaterThan(applied.length);
  });

  it('adds an Ingress with TLS through an update, and removes it again', async () => {
    const { core } = await apps();
    await core.createNamespacedSecret({
      namespace: 'team-u',
      body: {
        metadata: { name: 'edge-tls', namespace: 'team-u' },
        type: 'kubernetes.io/tls',
        stringData: { 'tls.crt': 'certificate', 'tls.key': 'key' },
      },
    });
    await runningProject('edge');
    const withIngress = {
      ...spec,
      ingress: { host: 'edge.example.com', tlsSecretRef: 'edge-tls' },
    };
    await env.api
      .patch('/projects/team-u/edge', { spec: withIngress })
      .expect(200);
    await waitForEvent('edge', 'RolloutComplete');
    const k8s = await import('@kubernetes/client-node');
    const networking = cluster.kubeConfig.makeApiClient(k8s.NetworkingV1Api);
    const ingress = await networking.readNamespacedIngress({
      namespace: 'team-u',
      name: 'edge-kong',
    });
    expect(ingress.spec?.tls).toEqual([
      { hosts: ['edge.example.com'], secretName: 'edge-tls' },
    ]);
    const project = await env.api.get('/projects/team-u/edge').expect(200);
    expect(project.body.endpoints.api).toBe('https://edge.example.com');

    await env.api.patch('/projects/team-u/edge', { spec }).expect(200);
    const events = await waitForEvent('edge', 'ObjectsRemoved');
    expect(events.find(e => e.reason === 'ObjectsRemoved')?.message).toBe(
      'No longer in the spec, removed: Ingress edge-kong',
    );
    const left = await networking.listNamespacedIngress({
      namespace: 'team-u',
    });
    expect(left.items.map(i => i.metadata?.name)).not.toContain('edge-kong');

    const noTls = await env.api.patch('/projects/team-u/edge', {
      spec: {
        ...spec,
        ingress: { host: 'edge.example.com', tlsSecretRef: 'x' },
      },
    });
    expect(noTls.status).toBe(400);
    expect(noTls.body.error.message).toContain(
      'The Ingress TLS Secret "team-u/x" does not exist',
    );
  });

  it('rotates the JWT secret: new keys, written to the database, components restarted', async () => {
    // With the legacy keys, which this rotation signs again.
    const before = await runningProject('keys', {
      ...spec,
      apiKeys: { legacy: true },
    });
    const { apps: api, core } = await apps();
    const templateOf = async () =>
      (
        await api.readNamespacedDeployment({
          namespace: 'team-u',
          name: 'keys-auth',
        })
      ).spec?.template.metadata?.annotations?.[KEYS_VERSION_ANNOTATION];
    const versionBefore = await templateOf();
    expect(versionBefore).toMatch(/^[0-9a-f]{16}$/);

    await env.api.post('/projects/team-u/keys/rotate-jwt-secret').expect(202);
    const after = await env.api.waitFor(
      'team-u/keys',
      p => p?.phase === 'Running' && p.anonKey !== before?.anonKey,
    );

    const secret = await core.readNamespacedSecret({
      namespace: 'team-u',
      name: 'keys-jwt',
    });
    const jwtSecret = Buffer.from(secret.data!.jwtSecret, 'base64').toString();
    expect(await verifyApiKey(after!.anonKey!, jwtSecret)).toBe('anon');
    expect(await verifyApiKey(before!.anonKey!, jwtSecret)).toBeUndefined();

    // The database has the new secret (02-jwt.sql applied again, alone).
    const [row] = await queryDatabase(
      cluster,
      `SELECT current_setting('app.settings.jwt_secret') AS secret`,
      undefined,
      'supabase_team_u_keys',
    );
    expect(row.secret).toBe(jwtSecret);
    expect(await lastDbInitRun('keys')).toEqual({
      trigger: 'SettingsChanged',
      number: 2,
      applied: ['02-jwt.sql'],
    });

    // The components restarted with it.
    expect(await templateOf()).not.toBe(versionBefore);
    const events = await env.api.get('/projects/team-u/keys/events');
    expect(events.body.items.map((e: ProjectEvent) => e.reason)).toEqual(
      expect.arrayContaining(['JwtSecretRotated', 'DatabaseSettingsChanged']),
    );
  });

  it('rotates the role passwords: set in the database, old ones refused, components restarted, here and in the project sharing the server', async () => {
    await runningProject('roles');
    // Another project on the same server with the same credentials.
    await runningProject('peer');
    const { apps: api, core } = await apps();
    const readRoles = async () => {
      const secret = await core.readNamespacedSecret({
        namespace: 'team-u',
        name: 'roles-roles',
      });
      return Object.fromEntries(
        Object.entries(secret.data!).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString(),
        ]),
      );
    };
    const templateOf = async (component: string, project = 'roles') =>
      (
        await api.readNamespacedDeployment({
          namespace: 'team-u',
          name: `${project}-${component}`,
        })
      ).spec?.template.metadata?.annotations?.[ROLES_VERSION_ANNOTATION];
    const login = async (user: string, password: string) =>
      (
        await queryDatabase(cluster, 'SELECT current_user AS me', {
          user,
          password,
        })
      )[0].me;
    const before = await readRoles();
    const restBefore = await templateOf('rest');
    expect(restBefore).toMatch(/^[0-9a-f]{16}$/);
    expect(await templateOf('rest', 'peer')).toBe(restBefore);
    await expect(
      login('authenticator', before.authenticatorPassword),
    ).resolves.toBe('authenticator');

    await env.api
      .post('/projects/team-u/roles/rotate-role-passwords')
      .expect(202);
    await waitForEvent('roles', 'RolePasswordsRotated');
    const deadline = Date.now() + 300_000;
    for (const project of ['roles', 'peer']) {
      while ((await templateOf('rest', project)) === restBefore) {
        if (Date.now() > deadline) {
          throw new Error(`${project}-rest was not restarted`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      await env.api.waitFor(`team-u/${project}`, p => p?.phase === 'Running');
    }
    // Both run with the same new passwords, as the server has them.
    expect(await templateOf('rest', 'peer')).toBe(await templateOf('rest'));

    const after = await readRoles();
    for (const [user, key] of [
      ['authenticator', 'authenticatorPassword'],
      ['supabase_auth_admin', 'authAdminPassword'],
      ['supabase_storage_admin', 'storageAdminPassword'],
      ['supabase_admin', 'supabaseAdminPassword'],
    ]) {
      expect(after[key]).not.toBe(before[key]);
      await expect(login(user, after[key])).resolves.toBe(user);
      await expect(login(user, before[key])).rejects.toThrow(
        /password authentication failed/,
      );
    }
    expect(decodeURIComponent(new URL(after.restDatabaseUrl).password)).toBe(
      after.authenticatorPassword,
    );
    for (const component of ['auth', 'realtime', 'meta', 'studio']) {
      expect(await templateOf(component)).toBe(await templateOf('rest'));
    }

    // 01-roles.sql ran again, alone, moving the claim from the passwords before.
    for (const project of ['roles', 'peer']) {
      expect(await lastDbInitRun(project)).toEqual({
        trigger: 'SettingsChanged',
        number: 2,
        applied: ['01-roles.sql'],
      });
    }
    const events = await env.api.get('/projects/team-u/roles/events');
    const reasons = events.body.items.map((e: ProjectEvent) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'RolePasswordsRotated',
        'DatabaseSettingsChanged',
      ]),
    );
    // What the API shows never carries a password.
    const shown = JSON.stringify([
      (await env.api.get('/projects/team-u/roles')).body,
      events.body,
      (await env.api.get('/projects/team-u/roles/db-init')).body,
    ]);
    for (const password of [
      ...Object.values(before),
      ...Object.values(after),
    ]) {
      expect(shown).not.toContain(password);
    }
  });
});

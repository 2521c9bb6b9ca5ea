import type { V1Secret } from '@kubernetes/client-node';
import { queryDatabase } from './__testUtils__/queryDatabase';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

describe('failures: an unreachable database', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-b');
    env = await startSupabaseBackend(cluster);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  it('retries the Job, fails with its details and every archived log, then recovers on retry', async () => {
    // Nothing listens on port 1.
    await cluster.createDatabaseSecret('team-b', 'down-db', { port: '1' });
    await env.api
      .post('/projects', {
        namespace: 'team-b',
        name: 'down',
        spec: { database: { secretRef: 'down-db', sslMode: 'disable' } },
      })
      .expect(201);

    const failed = await env.api.waitFor(
      'team-b/down',
      p => p?.phase === 'Failed',
      150_000,
    );
    // What the message says is pipeline/phases/initializeDatabase.test.ts's.
    expect(failed!.reason).toBe('DatabaseInitFailed');

    const status = await env.api.get('/projects/team-b/down/db-init');
    const [run] = status.body.runs;
    expect(run.state).toBe('Failed');
    expect(run.attempts).toHaveLength(4);
    for (const attempt of run.attempts) {
      expect(attempt).toMatchObject({ state: 'Failed', archived: true });
      const log = await env.api.get(
        `/projects/team-b/down/db-init/runs/${run.id}/attempts/${attempt.attempt}/log`,
      );
      expect(log.status).toBe(200);
      expect(log.text.length).toBeGreaterThan(0);
    }

    // Fix the Secret and retry: a new run, and the project reaches Running.
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const secret: V1Secret = await core.readNamespacedSecret({
      namespace: 'team-b',
      name: 'down-db',
    });
    secret.data!.port = Buffer.from(String(cluster.postgres.port)).toString(
      'base64',
    );
    await core.replaceNamespacedSecret({
      namespace: 'team-b',
      name: 'down-db',
      body: secret,
    });
    await env.api.post('/projects/team-b/down/retry').expect(202);
    await env.api.waitFor('team-b/down', p => p?.phase === 'Running', 60_000);
    const after = await env.api.get('/projects/team-b/down/db-init');
    expect(after.body.runs).toHaveLength(2);
    expect(after.body.runs[0]).toMatchObject({
      state: 'Succeeded',
      trigger: 'Retry',
    });
  });

  it('refuses a second project whose credentials would take over the server-wide roles, and changes nothing', async () => {
    // The first test's project holds the roles now. Another admin on the
    // same server, with a database of its own:
    await queryDatabase(
      cluster,
      `CREATE ROLE other_admin LOGIN SUPERUSER PASSWORD 'an0ther-password'`,
    );
    await queryDatabase(cluster, 'CREATE DATABASE other_db OWNER other_admin');
    await cluster.createDatabaseSecret('team-b', 'other-db', {
      username: 'other_admin',
      password: 'an0ther-password',
      database: 'other_db',
    });
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const firstRoles = await core.readNamespacedSecret({
      namespace: 'team-b',
      name: 'down-roles',
    });

    await env.api
      .post('/projects', {
        namespace: 'team-b',
        name: 'other',
        spec: { database: { secretRef: 'other-db', sslMode: 'disable' } },
      })
      .expect(201);
    const failed = await env.api.waitFor(
      'team-b/other',
      p => p?.phase === 'Failed',
      60_000,
    );
    // What the message says is sql/src/runMigrations.test.ts's.
    expect(failed!.reason).toBe('RolesClaimed');

    // The first project's roles still log in with their passwords.
    const password = Buffer.from(
      firstRoles.data!.authenticatorPassword,
      'base64',
    ).toString();
    const [row] = await queryDatabase(cluster, 'SELECT current_user AS me', {
      user: 'authenticator',
      password,
    });
    expect(row.me).toBe('authenticator');
    expect((await env.api.get('/projects/team-b/down')).body.phase).toBe(
      'Running',
    );
  });
});

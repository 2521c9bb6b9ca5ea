import type { V1ConfigMap, V1Job } from '@kubernetes/client-node';
import { queryDatabase } from './__testUtils__/queryDatabase';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

// A password with every character that breaks naive URLs, shells and SQL.
const HOSTILE_PASSWORD = `p'a"s@s:w/o?r#d$x\`y\\z ü`;

jest.setTimeout(600_000);

// Names, duplicates, credentials and the auditor's records are the router's
// (service/router.test.ts); here, what needs the cluster and PostgreSQL.
describe('supabase backend against the local cluster and a real PostgreSQL', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;
  beforeAll(async () => {
    cluster = await startTestCluster({ postgresPassword: HOSTILE_PASSWORD });
    await cluster.createNamespace('team-a');
    await cluster.createDatabaseSecret('team-a', 'app-db');
    env = await startSupabaseBackend(cluster);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  it('provisions a project through every phase to Running', async () => {
    const created = await env.api.post('/projects', {
      namespace: 'team-a',
      name: 'shop',
      spec: { database: { secretRef: 'app-db', sslMode: 'disable' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      namespace: 'team-a',
      name: 'shop',
      phase: 'Pending',
      owner: 'user:default/jane',
    });

    const running = await env.api.waitFor(
      'team-a/shop',
      p => p?.phase === 'Running' || p?.phase === 'Failed',
    );
    expect(running).toMatchObject({ phase: 'Running' });
    expect(running!.endpoints?.api).toContain('shop-kong.team-a');
    // A new project: the publishable key, no legacy anon key.
    expect(running!.publishableKey).toMatch(/^sb_publishable_/);
    expect(running!.anonKey).toBeUndefined();
    // No storage Secret: storage is not deployed, and the status says so.
    expect(running!.components?.find(c => c.name === 'storage')).toMatchObject({
      state: 'Disabled',
      message:
        'Not deployed: the project has no storage Secret (spec.storage.secretRef)',
    });

    const events = await env.api.get('/projects/team-a/shop/events');
    const phases = events.body.items.map((e: { phase: string }) => e.phase);
    expect(
      phases.filter((p: string, i: number) => phases.indexOf(p) === i),
    ).toEqual([
      'Pending',
      'ValidatingDependencies',
      'InitializingDatabase',
      'DeployingSecrets',
      'DeployingComponents',
      'Running',
    ]);
    for (const event of events.body.items) {
      expect(new Date(event.createdAt).getTime()).not.toBeNaN();
    }

    // The db-init Job and ConfigMap follow the guide's contract.
    const k8s = await import('@kubernetes/client-node');
    const batch = cluster.kubeConfig.makeApiClient(k8s.BatchV1Api);
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const job: V1Job = await batch.readNamespacedJob({
      namespace: 'team-a',
      name: 'shop-db-init',
    });
    expect(job.spec?.backoffLimit).toBe(3);
    expect(job.spec?.ttlSecondsAfterFinished).toBe(600);
    const container = job.spec!.template.spec!.containers[0];
    expect(container.image).toBe('postgres:15-alpine');
    expect(container.command).toEqual(['sh', '/scripts/run-migrations.sh']);
    expect(container.volumeMounts).toContainEqual(
      expect.objectContaining({ mountPath: '/scripts/', readOnly: true }),
    );
    const envByName = Object.fromEntries(
      (container.env ?? []).map(e => [e.name, e]),
    );
    for (const [name, key] of [
      ['PGHOST', 'host'],
      ['PGPORT', 'port'],
      ['PGDATABASE', 'database'],
      ['PGUSER', 'username'],
      ['PGPASSWORD', 'password'],
      ['POSTGRES_USER', 'username'],
      ['POSTGRES_PASSWORD', 'password'],
    ]) {
      expect(envByName[name]?.valueFrom?.secretKeyRef).toEqual(
        expect.objectContaining({ name: 'app-db', key }),
      );
    }
    const configMap: V1ConfigMap = await core.readNamespacedConfigMap({
      namespace: 'team-a',
      name: 'shop-db-init',
    });
    expect(Object.keys(configMap.data ?? {})).toEqual(
      expect.arrayContaining([
        '00-initial-schema.sql',
        '06-pooler.sql',
        'run-migrations.sh',
        'init.sql',
      ]),
    );

    // The SQL really ran on the database.
    const rows = await queryDatabase(
      cluster,
      `SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role', 'authenticator', 'supabase_auth_admin') ORDER BY rolname`,
      { user: cluster.postgres.user, password: HOSTILE_PASSWORD },
    );
    expect(rows.map(r => r.rolname)).toEqual([
      'anon',
      'authenticated',
      'authenticator',
      'service_role',
      'supabase_auth_admin',
    ]);

    // The attempt's log is archived, with per-file results.
    const dbInit = await env.api.get('/projects/team-a/shop/db-init');
    const [run] = dbInit.body.runs;
    expect(run).toMatchObject({ state: 'Succeeded', trigger: 'Initial' });
    expect(run.attempts[0]).toMatchObject({ attempt: 1, archived: true });
    expect(run.attempts[0].fileResults.length).toBeGreaterThanOrEqual(7);

    // The hostile password appears nowhere the API shows.
    for (const path of [
      '/projects/team-a/shop',
      '/projects/team-a/shop/events',
      '/projects/team-a/shop/db-init',
      `/projects/team-a/shop/db-init/runs/${run.id}/attempts/1/log`,
    ]) {
      const res = await env.api.get(path);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(HOSTILE_PASSWORD);
      expect(res.text).not.toContain(encodeURIComponent(HOSTILE_PASSWORD));
    }

    // The download is named as the page names the run, "Run 1".
    const logPath = `/projects/team-a/shop/db-init/runs/${run.id}/attempts/1/log`;
    const archived = await env.api.get(logPath).expect(200);
    expect(run.number).toBe(1);
    expect(archived.headers['content-disposition']).toContain(
      'shop-db-init-run-1-attempt-1.log',
    );

    // The whole archived log is searched, a page at a time, and each match
    // carries its line number in the log.
    const lines = archived.text.split('\n');
    const expected = lines.filter(line => /RESULT=APPLIED/i.test(line));
    expect(expected.length).toBeGreaterThanOrEqual(7);
    const search = await env.api
      .get(`${logPath}/search?q=RESULT%3DAPPLIED&offset=2&limit=3`)
      .expect(200);
    expect(search.body).toMatchObject({
      query: 'RESULT=APPLIED',
      total: expected.length,
      offset: 2,
    });
    expect(search.body.matches.map((m: { text: string }) => m.text)).toEqual(
      expected.slice(2, 5),
    );
    for (const match of search.body.matches) {
      expect(lines[match.line - 1]).toBe(match.text);
    }
    const empty = await env.api.get(`${logPath}/search?q=%20`).expect(400);
    expect(empty.body.error.message).toContain('q');
    await env.api
      .get(
        `/projects/team-a/shop/db-init/runs/${run.id}/attempts/9/log/search?q=x`,
      )
      .expect(404);
  });

  it('fails validation on a Secret missing a key, then reaches Running after a retry', async () => {
    await cluster.createDatabaseSecret('team-a', 'half-db', { password: '' });
    await env.api
      .post('/projects', {
        namespace: 'team-a',
        name: 'half',
        // A database of its own: team-a/shop holds the Secret's database.
        spec: { database: { serverSecretRef: 'half-db', sslMode: 'disable' } },
      })
      .expect(201);
    // What the message says is pipeline/dependencyProblems.test.ts's.
    const failed = await env.api.waitForSettled('team-a/half');
    expect(failed.phase).toBe('Failed');

    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    await core.patchNamespacedSecret(
      {
        namespace: 'team-a',
        name: 'half-db',
        body: { stringData: { password: HOSTILE_PASSWORD } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await env.api.post('/projects/team-a/half/retry').expect(202);
    const retried = await env.api.waitFor(
      'team-a/half',
      p => p?.phase === 'Running' || p?.phase === 'Failed',
    );
    expect(retried?.phase).toBe('Running');
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import { PROVISIONING_PHASES } from '@supabase-backstage/plugin-supabase-common';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { watchJobCreations } from './__testUtils__/watchJobs';

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('several replicas, restarts and faults', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-r');
    await cluster.createDatabaseSecret('team-r', 'db');
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('two instances on one PostgreSQL create every Job exactly once for 10 projects', async () => {
    const knex = await databases.init('POSTGRES_15');
    const jobs = await watchJobCreations(cluster.kubeConfig);
    const a = await startSupabaseBackend(cluster, { knex });
    const b = await startSupabaseBackend(cluster, { knex });
    try {
      const names = Array.from({ length: 10 }, (_, i) => `two-${i}`);
      await Promise.all(
        names.map((name, i) =>
          (i % 2 ? a : b).api
            .post('/projects', {
              namespace: 'team-r',
              name,
              spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
            })
            .expect(201),
        ),
      );
      for (const name of names) {
        await a.api.waitFor(
          `team-r/${name}`,
          p => p?.phase === 'Running',
          120_000,
        );
      }
      for (const name of names) {
        expect(jobs.creations.get(`team-r/${name}-db-init`)).toBe(1);
        const events = await b.api.get(`/projects/team-r/${name}/events`);
        const items: Array<{ phase: string; reason: string }> =
          events.body.items;
        // The phases in order, each entered once (events within a phase,
        // such as the db-init run's, keep its phase).
        const entered = items
          .map(e => e.phase)
          .filter((phase, i, all) => i === 0 || all[i - 1] !== phase);
        expect(entered).toEqual([...PROVISIONING_PHASES]);
        // One db-init run, however many replicas looked at the project.
        expect(items.filter(e => e.reason === 'DbInitRunCreated')).toHaveLength(
          1,
        );
      }
    } finally {
      jobs.stop();
      await a.stop();
      await b.stop();
    }
  });

  it('resumes after a restart in every phase without a second Job', async () => {
    const knex = await databases.init('POSTGRES_15');
    const jobs = await watchJobCreations(cluster.kubeConfig);
    // Slow API calls keep each phase open long enough to stop in it.
    cluster.cluster.setFaults({ latencyMs: 150 });
    try {
      const stoppedIn: string[] = [];
      for (const phase of PROVISIONING_PHASES.slice(1, -1)) {
        const name = `restart-${phase.toLowerCase()}`;
        const first = await startSupabaseBackend(cluster, { knex });
        await first.api
          .post('/projects', {
            namespace: 'team-r',
            name,
            spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
          })
          .expect(201);
        const reached = await first.api.waitFor(
          `team-r/${name}`,
          p =>
            p !== undefined &&
            PROVISIONING_PHASES.indexOf(p.phase as any) >=
              PROVISIONING_PHASES.indexOf(phase),
          60_000,
        );
        stoppedIn.push(reached!.phase);
        await first.stop();
        const second = await startSupabaseBackend(cluster, { knex });
        try {
          await second.api.waitFor(
            `team-r/${name}`,
            p => p?.phase === 'Running',
            120_000,
          );
        } finally {
          await second.stop();
        }
        expect(jobs.creations.get(`team-r/${name}-db-init`)).toBe(1);
      }
      // The restarts really happened in the phases, not after them.
      expect(stoppedIn).toContain('InitializingDatabase');
    } finally {
      cluster.cluster.setFaults({});
      jobs.stop();
    }
  });

  it('gets every project to Running despite 10% API errors and dropped watches', async () => {
    const knex = await databases.init('POSTGRES_15');
    const env = await startSupabaseBackend(cluster, {
      knex,
      resyncIntervalSeconds: 2,
    });
    cluster.cluster.setFaults({ errorRate: 0.1, dropWatchesAfterMs: 500 });
    try {
      const names = Array.from({ length: 10 }, (_, i) => `faulty-${i}`);
      for (const name of names) {
        // The API itself may answer 5xx from the cluster; creation is a store write.
        await env.api
          .post('/projects', {
            namespace: 'team-r',
            name,
            spec: { database: { serverSecretRef: 'db', sslMode: 'disable' } },
          })
          .expect(201);
      }
      for (const name of names) {
        const project = await env.api.waitFor(
          `team-r/${name}`,
          p => p?.phase === 'Running',
          150_000,
        );
        expect(project?.phase).toBe('Running');
      }
    } finally {
      cluster.cluster.setFaults({});
      await env.stop();
    }
  });
});

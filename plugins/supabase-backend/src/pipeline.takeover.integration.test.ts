import { TestDatabases } from '@backstage/backend-test-utils';
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

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const spec = { database: { serverSecretRef: 'db', sslMode: 'disable' } };

/**
 * A replica killed in the middle of a reconcile leaves its claim and the work
 * undone. Here the work is a deleted `<project>-db-init` Secret: no pod and
 * no watch notices it, so only a look at the lease brings the project back
 * before the next resync. The replicas' own lease is long, so that a retry
 * after a refused claim (one lease later) cannot be what takes over either.
 */
describe('takeover when a dead replica’s claim runs out', () => {
  let cluster: TestCluster;
  let knex: Knex;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-t');
    await cluster.createDatabaseSecret('team-t', 'db');
    knex = await databases.init('POSTGRES_15');
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const startReplica = (leaseSeconds: number) =>
    startSupabaseBackend(cluster, {
      knex,
      leaseSeconds,
      resyncIntervalSeconds: 3600,
    });

  async function runningProject(replica: SupabaseTestBackend, name: string) {
    await replica.api
      .post('/projects', { namespace: 'team-t', name, spec })
      .expect(201);
    return (await replica.api.waitFor(
      `team-t/${name}`,
      p => p?.phase === 'Running',
      120_000,
    ))!;
  }

  /** The claim and the undone work a killed replica leaves behind. */
  async function dieHolding(uid: string, name: string, leaseMs: number) {
    // Claimed between two reconciles, as a replica would.
    const deadline = Date.now() + 300_000;
    while (
      (await knex('supabase_projects')
        .where({ uid, lease_owner: null })
        .update({
          lease_owner: 'killed-replica',
          lease_expires_at: Date.now() + leaseMs,
        })) !== 1
    ) {
      if (Date.now() > deadline) throw new Error(`${name} is never free`);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    const k8s = await import('@kubernetes/client-node');
    await cluster.kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .deleteNamespacedSecret({ namespace: 'team-t', name: `${name}-db-init` });
  }

  /** Waits for the undone work to be done; returns who holds the project. */
  async function waitForTakeover(
    replica: SupabaseTestBackend,
    uid: string,
    name: string,
    timeoutMs: number,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events: ProjectEvent[] = (
        await replica.api.get(`/projects/team-t/${name}/events`)
      ).body.items;
      if (events.some(e => e.reason === 'DriftRepaired')) break;
      if (Date.now() > deadline) {
        throw new Error(`No replica took ${name} up`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    // Who holds the project now: never the dead replica.
    const row = await knex('supabase_projects')
      .where({ uid })
      .first('lease_owner');
    return row.lease_owner;
  }

  it('a replica that starts takes the work up when the claim runs out', async () => {
    const first = await startReplica(120);
    const { uid } = await runningProject(first, 'restart');
    await first.stop();
    // A claim a little longer than the restart takes.
    await dieHolding(uid, 'restart', 3_000);

    const second = await startReplica(120);
    try {
      expect(await waitForTakeover(second, uid, 'restart', 60_000)).not.toBe(
        'killed-replica',
      );
    } finally {
      await second.stop();
    }
  });

  it('a running replica takes the work up when the claim runs out', async () => {
    // Nothing wakes the replica for this project: only its look at the
    // leases (every third of a lease) can find the dead one's claim.
    const replica = await startReplica(9);
    try {
      const { uid } = await runningProject(replica, 'survivor');
      await dieHolding(uid, 'survivor', 9_000);
      expect(await waitForTakeover(replica, uid, 'survivor', 60_000)).not.toBe(
        'killed-replica',
      );
    } finally {
      await replica.stop();
    }
  });
});

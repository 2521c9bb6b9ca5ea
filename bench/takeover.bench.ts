/* Takeover after a replica's kill -9. Replicas run in processes of their
 * own on one store (PostgreSQL) and the local cluster. Projects are created;
 * while a replica holds claims on some of them it is killed with SIGKILL,
 * leaving those claims to run out. The figure is the delay from each claim's
 * expiry to another replica winning it (taking the project's work up), in
 * two cases: the other replica running all along ("survivor"), and both
 * replicas killed and a new one started ("restart"). A replica cannot take
 * anything up before it is up, so for a restart the delay from the later of
 * the expiry and the new replica being up is reported too. Then every
 * project must reach Running with no duplicate Job. */
import { startBenchInfrastructure } from './lib/env';
import { watchJobCreations } from './lib/jobCreations';
import { Replica, ReplicaOptions, startReplica } from './lib/replicaProcess';
import { summary, waitFor } from './lib/stats';
import type { ProjectLease } from '../plugins/supabase-backend/src/database/ProjectStore';

/** Projects created in each round. */
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 20);
/** Kills of each case. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The plugin's default `supabase.leaseSeconds`. */
const LEASE_SECONDS = Number(process.env.BENCH_LEASE_SECONDS ?? 30);
/** The plugin's default `supabase.resyncIntervalSeconds`. */
const RESYNC_SECONDS = Number(process.env.BENCH_RESYNC_SECONDS ?? 30);

type Case = 'survivor' | 'restart';

async function main() {
  const infrastructure = await startBenchInfrastructure({ store: 'postgres' });
  const { store } = infrastructure;
  const jobCreations = await watchJobCreations(infrastructure.kubeConfig);
  const options: ReplicaOptions = {
    storeConnection: infrastructure.storeDb.connection!,
    kubeconfigYaml: infrastructure.kubeConfig.exportConfig(),
    keyMaterialKey: infrastructure.keyMaterialKey,
    leaseMs: LEASE_SECONDS * 1000,
    resyncMs: RESYNC_SECONDS * 1000,
  };

  /** The claims `holders` hold now. */
  const leasesOf = async (holders: string[]) =>
    (await store.listLeases()).filter(lease => holders.includes(lease.holder));

  /** One kill of one case: the delays of the claims it left. */
  async function killAndTakeOver(kind: Case, round: number) {
    const victim = await startReplica(options);
    const other = await startReplica(options);
    const projects = await Promise.all(
      Array.from({ length: PROJECTS }, (_, i) =>
        infrastructure.addProject(`${kind}-${round}-${i}`),
      ),
    );
    // Each replica hears of half of them, as through its own API.
    await victim.kick(projects.filter((_, i) => i % 2 === 0).map(p => p.uid));
    await other.kick(projects.filter((_, i) => i % 2 === 1).map(p => p.uid));
    await waitFor(
      async () =>
        (await leasesOf([victim.holder])).length >= 2 ? true : undefined,
      300_000,
      'the replica to hold claims',
    );
    await victim.kill();
    let taker: Replica = other;
    const dead = [victim.holder];
    if (kind === 'restart') {
      await other.kill();
      dead.push(other.holder);
    }
    // The claims as the dead left them: nothing renews or releases them now.
    const orphaned: ProjectLease[] = await leasesOf(dead);
    if (kind === 'restart') taker = await startReplica(options);
    const claims = await waitFor(
      async () => {
        const found = orphaned.map(lease => {
          const claim = taker.claims.find(
            c => c.uid === lease.uid && c.at >= lease.expiresAt,
          );
          return claim && { at: claim.at, expiresAt: lease.expiresAt };
        });
        return found.every(claim => claim !== undefined)
          ? (found as Array<{ at: number; expiresAt: number }>)
          : undefined;
      },
      LEASE_SECONDS * 1000 + 300_000,
      `the claims of ${dead.join(', ')} to be taken up`,
    );
    // Nothing lost: every project of the round reaches Running.
    await waitFor(
      async () => {
        const states = await Promise.all(
          projects.map(p => store.getProjectByUid(p.uid)),
        );
        return states.every(p => p?.phase === 'Running') ? true : undefined;
      },
      900_000,
      `the projects of ${kind} round ${round} to be Running`,
    );
    await taker.stop();
    const afterExpiry = claims.map(c => c.at - c.expiresAt);
    const afterUp = claims.map(
      c => c.at - Math.max(c.expiresAt, taker.readyAt),
    );
    console.error(
      `${kind} round ${round}: ${orphaned.length} claims left, taken up ` +
        `${afterExpiry.join(', ')} ms after they expired ` +
        `(${afterUp.join(', ')} ms after that and the replica being up)`,
    );
    return { afterExpiry, afterUp };
  }

  const delays: Record<Case, { afterExpiry: number[]; afterUp: number[] }> = {
    survivor: { afterExpiry: [], afterUp: [] },
    restart: { afterExpiry: [], afterUp: [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['survivor', 'restart'] as const) {
      const { afterExpiry, afterUp } = await killAndTakeOver(kind, round);
      delays[kind].afterExpiry.push(...afterExpiry);
      delays[kind].afterUp.push(...afterUp);
    }
  }
  for (const kind of ['survivor', 'restart'] as const) {
    console.log(
      JSON.stringify({
        bench: 'takeover',
        case: kind,
        kills: ROUNDS,
        leaseSeconds: LEASE_SECONDS,
        resyncSeconds: RESYNC_SECONDS,
        unit: 'ms',
        afterExpiry: summary(delays[kind].afterExpiry),
        afterExpiryAndUp: summary(delays[kind].afterUp),
      }),
    );
  }
  const duplicates = jobCreations.duplicates();
  console.log(
    JSON.stringify({
      bench: 'takeover-outcome',
      projects: PROJECTS * ROUNDS * 2,
      allRunning: true,
      duplicateJobs: duplicates,
    }),
  );
  jobCreations.stop();
  await infrastructure.stop();
  process.exit(duplicates > 0 ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

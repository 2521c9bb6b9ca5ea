/* A backend replica in a process of its own, as the plugin runs it (the
 * worker, its watches, its look at the leases, the periodic resync) against
 * a store and a cluster other replicas share, so that it can be killed with
 * SIGKILL. It tells the parent each claim it wins. */
import { loadSqlSet } from '@supabase-backstage/sql';
import {
  Child,
  forkChild,
  runAsChild,
  sendEvent,
  serveParent,
} from './childProcess';
import { PIPELINE_SETTINGS, quietLogger } from './env';
import { createKeyStore, createStore } from './store';
import { KubernetesClusterClient } from '../../plugins/supabase-backend/src/kubernetes/KubernetesClusterClient';
import { createProvisioning } from '../../plugins/supabase-backend/src/service/createProvisioning';

/** A claim a replica won: it took the project's work up at `at`. */
export interface Claim {
  uid: string;
  at: number;
}

/** What a replica needs to join the others. */
export interface ReplicaOptions {
  /** The store's PostgreSQL connection string. */
  storeConnection: string;
  kubeconfigYaml: string;
  keyMaterialKey: string;
  leaseMs: number;
  resyncMs: number;
}

/** A replica running in a child process, seen from the parent. */
export interface Replica {
  holder: string;
  /** When it was up: its worker running, its watches started. */
  readyAt: number;
  /** Every claim it has won so far, in order. */
  claims: Claim[];
  kick(uids: string[]): Promise<void>;
  /** Kills the process at once (SIGKILL): no lease is released. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const child: Child = forkChild(__filename, {
    BENCH_REPLICA_OPTIONS: JSON.stringify(options),
  });
  const claims: Claim[] = [];
  child.onEvent(event => {
    if (event.event === 'claimed') claims.push(event.claim as Claim);
  });
  const { holder } = await child.nextEvent('ready');
  return {
    holder: holder as string,
    readyAt: Date.now(),
    claims,
    kick: uids => child.request('kick', uids),
    async kill() {
      child.process.kill('SIGKILL');
      await child.exited;
    },
    async stop() {
      await child.request('stop');
      await child.exited;
    },
  };
}

async function serveReplica() {
  const options: ReplicaOptions = JSON.parse(
    process.env.BENCH_REPLICA_OPTIONS!,
  );
  const knexFactory = (await import('knex')).default;
  const knex = knexFactory({
    client: 'pg',
    connection: options.storeConnection,
  });
  const store = await createStore(knex);
  // Reports each claim won the moment it is won.
  const tryAcquireLease = store.tryAcquireLease.bind(store);
  store.tryAcquireLease = async (uid, holder, ttlMs) => {
    const won = await tryAcquireLease(uid, holder, ttlMs);
    if (won) sendEvent({ event: 'claimed', claim: { uid, at: Date.now() } });
    return won;
  };
  const k8s = await import('@kubernetes/client-node');
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromString(options.kubeconfigYaml);
  const provisioning = createProvisioning({
    store,
    keys: createKeyStore(knex, options.keyMaterialKey),
    clusters: [
      {
        name: 'local',
        client: await KubernetesClusterClient.create({
          kubeConfig,
          logger: quietLogger,
        }),
      },
    ],
    sqlSet: loadSqlSet(),
    settings: PIPELINE_SETTINGS,
    logger: quietLogger,
    watch: true,
    leaseMs: options.leaseMs,
  });
  const { worker } = provisioning;
  // The plugin's scheduled resync: a second after start, then periodically.
  const resync = () => worker.resync().catch(error => console.error(error));
  const firstResync = setTimeout(resync, 1_000);
  const resyncs = setInterval(resync, options.resyncMs);
  serveParent(
    {
      kick: (uids: string[]) => uids.forEach(uid => worker.kick(uid)),
      stop: async () => {
        clearTimeout(firstResync);
        clearInterval(resyncs);
        await provisioning.stop();
        await knex.destroy();
      },
    },
    { holder: worker.holder },
  );
}

runAsChild(module, serveReplica);

import type { V1Job } from '@kubernetes/client-node';
import { ClusterClient, WatchHandle } from '../kubernetes/ClusterClient';
import { jobOutcome } from '../pipeline/observeAttempts';
import { DATABASE_SERVER_LABEL, MANAGED_SELECTOR } from '../resources';
import { DatabaseServerQueue } from './DatabaseServerQueue';

/**
 * Wakes the first project waiting for a database server when one of the
 * server's db-init Jobs ends (finishes or goes away). Listens to the same
 * Job watch that wakes the Jobs' own projects (the informer's, with watches
 * on), so it costs the API server nothing.
 */
export function wakeDatabaseServerLines(
  cluster: ClusterClient,
  queue: DatabaseServerQueue,
  wake: (uid: string) => void,
): WatchHandle {
  return cluster.watch<V1Job>(
    'batch/v1',
    'Job',
    MANAGED_SELECTOR,
    (type, job) => {
      const server = job.metadata?.labels?.[DATABASE_SERVER_LABEL];
      if (!server || (type !== 'DELETED' && !jobOutcome(job))) return;
      const next = queue.takeNext(server);
      if (next) wake(next);
    },
  );
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectStore } from '../database/ProjectStore';
import { NamedCluster, ProjectClusters } from '../kubernetes/ProjectClusters';
import { PipelineSettings } from '../pipeline/types';
import { DbInitScripts } from '../resources';
import { ProjectChanges } from '../worker/ProjectChanges';
import { DatabaseServerQueue } from '../worker/DatabaseServerQueue';
import { ProjectWorker } from '../worker/ProjectWorker';
import { cacheClusterReads } from '../worker/cacheClusterReads';
import { wakeDatabaseServerLines } from '../worker/wakeDatabaseServerLines';
import { watchOwnedObjects } from '../worker/watchOwnedObjects';

/** The running provisioning machinery of one replica. */
export interface Provisioning {
  worker: ProjectWorker;
  changes: ProjectChanges;
  /**
   * The clusters as the pipeline reads and writes them (from caches when
   * watches are on): whatever else writes objects the pipeline reads uses
   * these too, so that the pipeline reads those writes at once.
   */
  clusters: ProjectClusters;
  stop(): Promise<void>;
}

/**
 * Assembles the worker, its change notifications and the watches that wake
 * it, with caches and watches per cluster: a cluster that does not answer
 * holds up only its own projects. Shared by the plugin and the benchmarks
 * so both run the same thing.
 */
export function createProvisioning(options: {
  store: ProjectStore;
  keys: KeyMaterialStore;
  /** The configured clusters, the default first. */
  clusters: NamedCluster[];
  sqlSet: DbInitScripts;
  settings: PipelineSettings;
  logger: LoggerService;
  watch: boolean;
  leaseMs?: number;
}): Provisioning {
  const { logger } = options;
  const cached = options.watch
    ? options.clusters.map(({ name, client }) => ({
        name,
        client: cacheClusterReads(client, logger),
      }))
    : undefined;
  const clusters = new ProjectClusters(cached ?? options.clusters);
  const changes = new ProjectChanges();
  const serverLines = new DatabaseServerQueue();
  const worker = new ProjectWorker({
    context: {
      store: options.store,
      keys: options.keys,
      sqlSet: options.sqlSet,
      settings: options.settings,
      serverLines,
      logger,
    },
    clusters,
    changes,
    logger,
    leaseMs: options.leaseMs,
  });
  worker.watchLeases();
  // Without watches, waiting projects start at the next resync. A project
  // whose turn came has waited its whole line: it goes first (runs on a
  // server take turns, so each wake-up's delay adds up along the line).
  const serverTurns = (cached ?? []).map(({ client }) =>
    wakeDatabaseServerLines(client, serverLines, uid =>
      worker.kick(uid, 'event', true),
    ),
  );
  const watches = (cached ?? []).map(({ client }) =>
    watchOwnedObjects(client, (namespace, name) => {
      worker
        .kickByName(namespace, name)
        .catch(error =>
          logger.warn(
            `Could not look up project ${namespace}/${name}: ${error}`,
          ),
        );
    }),
  );
  return {
    worker,
    changes,
    clusters,
    async stop() {
      watches.forEach(watch => watch.stop());
      serverTurns.forEach(turns => turns.stop());
      await worker.stop();
      cached?.forEach(({ client }) => client.stop());
    },
  };
}

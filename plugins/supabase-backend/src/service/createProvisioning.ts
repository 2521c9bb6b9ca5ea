import { LoggerService } from '@backstage/backend-plugin-api';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
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
   * The cluster as the pipeline reads and writes it (from caches when
   * watches are on): whatever else writes objects the pipeline reads uses
   * this one too, so that the pipeline reads those writes at once.
   */
  cluster: ClusterClient;
  stop(): Promise<void>;
}

/**
 * Assembles the worker, its change notifications and the watches that wake
 * it. Shared by the plugin and the benchmarks so both run the same thing.
 */
export function createProvisioning(options: {
  store: ProjectStore;
  keys: KeyMaterialStore;
  cluster: ClusterClient;
  sqlSet: DbInitScripts;
  settings: PipelineSettings;
  logger: LoggerService;
  watch: boolean;
  leaseMs?: number;
}): Provisioning {
  const { logger } = options;
  const cached = options.watch
    ? cacheClusterReads(options.cluster, logger)
    : undefined;
  const cluster = cached ?? options.cluster;
  const changes = new ProjectChanges();
  const serverLines = new DatabaseServerQueue();
  const worker = new ProjectWorker({
    context: {
      store: options.store,
      keys: options.keys,
      cluster,
      sqlSet: options.sqlSet,
      settings: options.settings,
      serverLines,
      logger,
    },
    changes,
    logger,
    leaseMs: options.leaseMs,
  });
  worker.watchLeases();
  // Without watches, waiting projects start at the next resync.
  const serverTurns = options.watch
    ? wakeDatabaseServerLines(cluster, serverLines, uid => worker.kick(uid))
    : undefined;
  const watch = options.watch
    ? watchOwnedObjects(cluster, (namespace, name) => {
        worker
          .kickByName(namespace, name)
          .catch(error =>
            logger.warn(
              `Could not look up project ${namespace}/${name}: ${error}`,
            ),
          );
      })
    : undefined;
  return {
    worker,
    changes,
    cluster,
    async stop() {
      watch?.stop();
      serverTurns?.stop();
      await worker.stop();
      cached?.stop();
    },
  };
}

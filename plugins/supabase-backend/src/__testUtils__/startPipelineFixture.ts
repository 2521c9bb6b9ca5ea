import type { V1Deployment } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { randomBytes } from 'node:crypto';
import { loadSqlSet } from '@supabase-backstage/sql';
import { DatabaseKeyMaterialStore } from '../database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from '../database/DatabaseProjectStore';
import { SecretsCipher } from '../database/SecretsCipher';
import { PipelineContext } from '../pipeline/types';
import { objectNames } from '../resources';
import { InMemoryClusterClient } from './InMemoryClusterClient';
import { putPodOfJob, setJobCondition } from './jobPods';
import { recordingLogger } from './recordingLogger';
import { DatabaseServerQueue } from '../worker/DatabaseServerQueue';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** What run-migrations.sh prints for a run that applied a file. */
export const SUCCESSFUL_RUN_LOG = [
  'supabase-init: file=00-baseline.sql result=applied errors=0 checksum=abc',
  'supabase-init: summary applied=1 skipped=0 failed=0 errors=0 not_attempted=0',
].join('\n');

/** The pipeline's settings a fixture starts with (a test may change its own). */
const defaultSettings = () => ({
  componentTimeoutMs: 60_000,
  dbInitWaitSeconds: 5,
});

/**
 * What the pipeline's unit tests run against: Backstage's store on SQLite in
 * memory, the keys encrypted with a key of this fixture, and the cluster in
 * memory. Fast: no API server, no PostgreSQL, no psql. A file may start one
 * and `reset` it between tests: the migrations and the key stretching are
 * then paid once.
 */
export async function startPipelineFixture() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await DatabaseProjectStore.create({
    database: { getClient: async () => knex },
  });
  const keys = new DatabaseKeyMaterialStore(
    knex,
    new SecretsCipher([randomBytes(32).toString('base64')]),
  );
  let cluster = new InMemoryClusterClient();
  const ctx: PipelineContext = {
    store,
    keys,
    cluster,
    sqlSet: loadSqlSet(),
    settings: defaultSettings(),
    serverLines: new DatabaseServerQueue(),
    logger: recordingLogger(),
  };

  return {
    ctx,
    store,
    /** The cluster of the current test (a new one after each `reset`). */
    get cluster() {
      return cluster;
    },
    /**
     * As just started, without running the migrations again: every table
     * of the plugin empty (ids counting from 1 again), a new empty cluster,
     * new server lines, the default settings and a new logger.
     */
    async reset() {
      const tables: Array<{ name: string }> = await knex
        .select('name')
        .from('sqlite_master')
        .where('type', 'table')
        .andWhereNot('name', 'like', 'knex_%')
        .andWhereNot('name', 'like', 'sqlite_%');
      // Emptied in any order, then the checks as they were.
      const [{ foreign_keys: checked }] = await knex.raw('PRAGMA foreign_keys');
      await knex.raw('PRAGMA foreign_keys = OFF');
      for (const { name } of tables) await knex(name).del();
      if (await knex.schema.hasTable('sqlite_sequence')) {
        await knex('sqlite_sequence').del();
      }
      await knex.raw(`PRAGMA foreign_keys = ${checked ? 'ON' : 'OFF'}`);
      cluster = new InMemoryClusterClient();
      ctx.cluster = cluster;
      ctx.settings = defaultSettings();
      ctx.serverLines = new DatabaseServerQueue();
      ctx.logger = recordingLogger();
    },
    /** A namespace, as a platform team makes it. */
    createNamespace(name: string) {
      cluster.put({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    },
    /** A database Secret, as a user makes it (any field may be overridden). */
    createDatabaseSecret(
      namespace: string,
      name: string,
      fields: Record<string, string> = {},
    ) {
      const data = {
        host: 'db.example',
        port: '5432',
        database: 'postgres',
        username: 'postgres',
        password: 'a-password-of-the-user',
        ...fields,
      };
      cluster.put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { namespace, name },
        data: Object.fromEntries(
          Object.entries(data).map(([key, value]) => [key, base64(value)]),
        ),
      });
    },
    /**
     * What the Job controller and the kubelet do for a db-init run that
     * succeeds: a pod that printed `log` and ended, then the Job's Complete
     * condition.
     */
    completeDbInitJob(namespace: string, project: string, log: string) {
      const job = { namespace, project, name: objectNames(project).dbInit };
      putPodOfJob(cluster, job, {
        name: `${job.name}-a1`,
        phase: 'Succeeded',
        log,
      });
      setJobCondition(cluster, job, { type: 'Complete' });
    },
    /** What the Deployment controller does once every pod is ready. */
    makeDeploymentsAvailable(namespace: string) {
      for (const deployment of cluster.all<V1Deployment>(
        'Deployment',
        namespace,
      )) {
        const replicas = deployment.spec?.replicas ?? 1;
        cluster.update<V1Deployment>(
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace,
            name: deployment.metadata!.name!,
          },
          changed => {
            changed.status = {
              observedGeneration: changed.metadata?.generation ?? 1,
              replicas,
              updatedReplicas: replicas,
              readyReplicas: replicas,
              availableReplicas: replicas,
              conditions: [{ type: 'Available', status: 'True' }],
            };
          },
        );
      }
    },
    stop: () => knex.destroy(),
  };
}

export type PipelineFixture = Awaited<ReturnType<typeof startPipelineFixture>>;

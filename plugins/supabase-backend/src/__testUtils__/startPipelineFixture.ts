import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { randomBytes } from 'node:crypto';
import { loadSqlSet } from '@supabase-backstage/sql';
import { DatabaseKeyMaterialStore } from '../database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from '../database/DatabaseProjectStore';
import { SecretsCipher } from '../database/SecretsCipher';
import { PipelineContext } from '../pipeline/types';
import { InMemoryClusterClient } from './InMemoryClusterClient';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * What the pipeline's unit tests run against: Backstage's store on SQLite in
 * memory, the keys encrypted with a key of this fixture, and the cluster in
 * memory. Fast: no API server, no PostgreSQL, no psql.
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
  const cluster = new InMemoryClusterClient();
  const ctx: PipelineContext = {
    store,
    keys,
    cluster,
    sqlSet: loadSqlSet(),
    settings: { componentTimeoutMs: 60_000, dbInitWaitSeconds: 5 },
    logger: mockServices.logger.mock(),
  };

  return {
    ctx,
    store,
    cluster,
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
    stop: () => knex.destroy(),
  };
}

export type PipelineFixture = Awaited<ReturnType<typeof startPipelineFixture>>;

/* Backstage's own database for the store, as the benchmarks use it. */
import { startLocalPostgres } from '@supabase-backstage/local-postgres';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { DatabaseKeyMaterialStore } from '../../plugins/supabase-backend/src/database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from '../../plugins/supabase-backend/src/database/DatabaseProjectStore';
import { SecretsCipher } from '../../plugins/supabase-backend/src/database/SecretsCipher';

export type StoreDatabase = 'sqlite' | 'postgres';

/** Backstage's own database for the store: SQLite in memory or PostgreSQL. */
export async function openStoreDatabase(kind: StoreDatabase) {
  if (kind === 'sqlite') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    return { knex, connection: undefined, stop: () => knex.destroy() };
  }
  const server = await startLocalPostgres();
  const knex = knexFactory({
    client: 'pg',
    connection: server.connectionString,
  });
  return {
    knex,
    /** For other processes on the same store. */
    connection: server.connectionString,
    stop: async () => {
      await knex.destroy();
      await server.stop();
    },
  };
}

export async function createStore(knex: Knex) {
  return DatabaseProjectStore.create({
    database: { getClient: async () => knex },
  });
}

/** A key to encrypt the projects' keys with, made for this run. */
export function newKeyMaterialKey() {
  return randomBytes(32).toString('base64');
}

/** The projects' keys, encrypted with `key` (replicas share it). */
export function createKeyStore(knex: Knex, key = newKeyMaterialKey()) {
  return new DatabaseKeyMaterialStore(knex, new SecretsCipher([key]));
}

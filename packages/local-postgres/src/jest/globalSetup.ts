import { startLocalPostgres, LocalPostgres } from '../LocalPostgres';

/**
 * The variable Backstage's `TestDatabases` reads to run `POSTGRES_15` tests
 * against an existing server instead of a Docker container.
 */
export const POSTGRES_TEST_URL_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

declare global {
  // eslint-disable-next-line no-var
  var __localPostgresForTests: LocalPostgres | undefined;
}

/**
 * A Jest `globalSetup` that starts one throwaway PostgreSQL for a package's
 * test run and points Backstage's `TestDatabases` at it. Workers inherit the
 * environment, so every test file sees the server. An externally provided
 * server (the variable already set) is used as it is.
 */
export default async function globalSetup() {
  if (process.env[POSTGRES_TEST_URL_VARIABLE]) return;
  const server = await startLocalPostgres();
  globalThis.__localPostgresForTests = server;
  process.env[POSTGRES_TEST_URL_VARIABLE] = server.connectionString;
}

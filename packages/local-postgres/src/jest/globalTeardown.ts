import { POSTGRES_TEST_URL_VARIABLE } from './globalSetup';

/** Stops the server that `globalSetup` started, if it started one. */
export default async function globalTeardown() {
  const server = globalThis.__localPostgresForTests;
  if (!server) return;
  globalThis.__localPostgresForTests = undefined;
  delete process.env[POSTGRES_TEST_URL_VARIABLE];
  await server.stop();
}

import { buildApp } from './startApp';

/**
 * Builds packages/app once, before any end-to-end test file starts: the
 * files run in parallel workers, and every backend they start serves the
 * same packages/app/dist. E2E_SKIP_APP_BUILD=1 reuses the dist there is.
 */
export default async function globalSetup() {
  if (!process.env.E2E_SKIP_APP_BUILD) {
    await buildApp(900_000);
  }
}

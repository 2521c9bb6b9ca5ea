import { buildApp } from './startApp';

/**
 * Builds packages/app once, before any end-to-end test file starts: the
 * files run in parallel workers, and every backend they start serves the
 * same packages/app/dist. E2E_SKIP_APP_BUILD=1 (or TEST_REUSE_BUILD=1, set
 * by scripts/test.sh after `yarn build:all`) reuses the dist there is.
 */
export default async function globalSetup() {
  if (!process.env.E2E_SKIP_APP_BUILD && !process.env.TEST_REUSE_BUILD) {
    await buildApp(900_000);
  }
}

import type { Browser } from 'playwright-core';
import type { RunningApp } from './startApp';

/**
 * One app (backend, local cluster, PostgreSQL) and one Chromium that
 * several journeys share, each with its own projects and its own browser
 * context. Read once the test file's beforeAll has started them.
 */
export interface SharedApp {
  app(): RunningApp;
  browser(): Browser;
}

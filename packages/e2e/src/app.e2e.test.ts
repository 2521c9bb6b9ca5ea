import type { Browser } from 'playwright-core';
import { launchChromium } from './lib/browser';
import { RunningApp, startApp } from './lib/startApp';
import { cockpitJourney } from './journeys/cockpitJourney';
import { kubernetesTabJourney } from './journeys/kubernetesTabJourney';
import { projectJourney } from './journeys/projectJourney';

/**
 * The app as `yarn start` runs it, driven in Debian's Chromium. Starting it
 * (backend, local cluster, PostgreSQL) and Chromium is most of an
 * end-to-end test's time, so the journeys below share one of each. Each
 * journey has projects of its own (no two share a name) and a browser
 * context of its own (its own sign-in and its own page errors), so that
 * none depends on what another did; only the first, which sees the
 * projects page before any project exists, must run first.
 *
 * Set E2E_SKIP_APP_BUILD=1 to reuse packages/app/dist, and
 * UPDATE_DOCS_IMAGES=1 to copy the screenshots into docs/images.
 */

let app: RunningApp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  app = await startApp({
    // Shorter than the demo's 10 s: a project on an unreachable database
    // fails sooner.
    config: { supabase: { dbInit: { waitSeconds: 5 } } },
    // A busy machine takes minutes to start the whole backend.
    timeoutMs: 480_000,
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
}, 60_000);

const shared = {
  app: () => {
    if (!app) throw new Error('The app did not start; see the error above');
    return app;
  },
  browser: () => {
    if (!browser)
      throw new Error('Chromium did not start; see the error above');
    return browser;
  },
};

projectJourney(shared);
cockpitJourney(shared);
kubernetesTabJourney(shared);

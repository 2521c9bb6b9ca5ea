import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/browser';
import { callSupabaseApi } from './lib/guestApi';
import { enabled, visible } from './lib/pageHelpers';
import { screenshot, step as runStep } from './lib/screenshots';
import { RunningApp, startApp } from './lib/startApp';

/**
 * Owner-based authorization, as two people meet it. The demo backend starts
 * on a persistent SQLite store with guest sign-in as alice, who creates a
 * project, sees every action on its page and reveals its connection string
 * (recorded by the auditor). Then the same backend starts on the same store
 * with guest sign-in as bob, of another team: he can read the project, but
 * the API refuses to delete it or reveal its secrets (403), and its page
 * offers him no enabled Edit, Rotate or Delete and no secrets.
 *
 * Set E2E_SKIP_APP_BUILD=1 to reuse packages/app/dist.
 */

const PROJECT = 'alice-db';
const ACTIONS = ['Edit', 'Rotate keys', 'Rotate database passwords', 'Delete'];

let storeDir: string;
let app: RunningApp | undefined;
let browser: Browser | undefined;
let page: Page;

/** Runs a step; when it fails, keeps a screenshot and the backend's log tail. */
function step(name: string, body: () => Promise<void>) {
  return runStep(page, app, `permissions-${name}`, body);
}

/** The demo backend signing guests in as `user`, on the shared SQLite store. */
async function startAs(user: string) {
  app = await startApp({
    config: {
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory: storeDir },
        },
      },
      auth: { providers: { guest: { userEntityRef: user } } },
    },
    // A busy machine takes minutes to start the whole backend.
    timeoutMs: 480_000,
  });
  const context = await browser!.newContext({
    baseURL: app.baseUrl,
    viewport: { width: 1400, height: 1000 },
  });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
}

/** Calls the Supabase API as the signed-in guest. */
function callApi(method: string, apiPath: string, body?: object) {
  return callSupabaseApi(app!.baseUrl, method, apiPath, body);
}

async function openProjectPage() {
  await page.goto(`/supabase/default/${PROJECT}`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await visible(page.getByRole('heading', { name: `default/${PROJECT}` }));
}

beforeAll(async () => {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supabase-e2e-store-'));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
}, 60_000);

describe('owner-based authorization in Chromium', () => {
  it('lets the owner act on the project and reveal its connection string, audited', async () => {
    await startAs('user:default/alice');
    await step('alice-creates', async () => {
      const created = await callApi('POST', '/projects', {
        namespace: 'default',
        name: PROJECT,
        spec: { database: { secretRef: 'local-postgres', sslMode: 'disable' } },
      });
      expect(created.status).toBe(201);
      expect(created.json().owner).toBe('user:default/alice');
    });

    let revealed = '';
    await step('alice-page', async () => {
      await openProjectPage();
      for (const name of ['Edit', 'Delete']) {
        await enabled(page.getByRole('button', { name }));
      }
      const connect = await visible(
        page.getByRole('region', { name: 'Connect', exact: true }),
      );
      await connect
        .getByRole('button', { name: 'Reveal Connection string' })
        .click();
      const shown = await visible(connect.getByText(/^postgres:\/\//));
      revealed = await shown.innerText();
      const url = new URL(revealed);
      expect(url.pathname.length).toBeGreaterThan(1);
      expect(url.password.length).toBeGreaterThan(0);
      expect(url.searchParams.get('sslmode')).toBe('disable');
    });

    await step('alice-audited', async () => {
      // Backstage's auditor writes each event as a log line with its fields.
      const deadline = Date.now() + 60_000;
      const revealEvents = () =>
        app!
          .log()
          .split('\n')
          .filter(
            line =>
              line.includes('project-secret-reveal') &&
              line.includes('succeeded'),
          );
      while (revealEvents().length === 0 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      const [line] = revealEvents();
      expect(line).toContain('"actorId":"user:default/alice"');
      expect(line).toContain('"secret":"connectionString"');
      expect(line).toContain(`"name":"${PROJECT}"`);
      // The value itself is never logged.
      expect(app!.log()).not.toContain(revealed);
      expect(app!.log()).not.toContain(new URL(revealed).password);
    });
    await app!.stop();
    app = undefined;
  }, 720_000);

  it("lets another team's member read the project, and nothing more", async () => {
    await startAs('user:default/bob');
    await step('bob-api', async () => {
      const read = await callApi('GET', `/projects/default/${PROJECT}`);
      expect(read.status).toBe(200);
      expect(read.json().owner).toBe('user:default/alice');
      const deletion = await callApi('DELETE', `/projects/default/${PROJECT}`);
      expect(deletion.status).toBe(403);
      expect(deletion.json().error.message).toBe(
        `Missing permission supabase.project.delete on project default/${PROJECT}`,
      );
      const reveal = await callApi(
        'POST',
        `/projects/default/${PROJECT}/secrets/connectionString/reveal`,
      );
      expect(reveal.status).toBe(403);
      expect(reveal.text).not.toContain('postgres://');
      // Still there.
      const after = await callApi('GET', `/projects/default/${PROJECT}`);
      expect(after.json().phase).not.toBe('Deleting');
    });

    await step('bob-page', async () => {
      await openProjectPage();
      // The reasons appear once the decisions are in (buttons are off while
      // they load, too).
      const ref = `default/${PROJECT}`;
      await visible(page.getByLabel(`Only the owners of ${ref} may change it`));
      await visible(page.getByLabel(`Only the owners of ${ref} may delete it`));
      expect(
        await page
          .getByLabel(`Only the owners of ${ref} may rotate its credentials`)
          .count(),
      ).toBe(2);
      for (const name of ACTIONS) {
        const button = await visible(page.getByRole('button', { name }));
        await expect(button.isEnabled()).resolves.toBe(false);
      }
      const secrets = await visible(
        page.getByRole('region', { name: 'Secrets', exact: true }),
      );
      await visible(
        secrets.getByText(
          `Only the owners of default/${PROJECT} may reveal its secrets.`,
        ),
      );
      expect(await secrets.getByRole('button').count()).toBe(0);
      expect(await page.getByText(/postgres:\/\//).count()).toBe(0);
      await screenshot(
        page,
        'project-page-not-owner',
        page.viewportSize()!.height,
      );
    });
  }, 720_000);
});

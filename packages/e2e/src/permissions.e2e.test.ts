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
 * project on the demo's server, which the platform shares between owners:
 * she may act on the project and reveal its secret key (recorded by the
 * auditor), but its page says the connection string, Studio login and role
 * passwords are the platform team's, and the API refuses her the connection
 * string (403). Then the same backend starts on the same store
 * with guest sign-in as bob, of another team: he can read the project, but
 * the API refuses to delete it or reveal its secrets (403), and its page
 * offers him no enabled Edit, Rotate or Delete and no secrets.
 *
 * Set E2E_SKIP_APP_BUILD=1 to reuse packages/app/dist.
 */

const PROJECT = 'alice-db';
const ACTIONS = ['Edit', 'Rotate keys', 'Rotate database passwords', 'Delete'];
/** A project's first db-init run, on a busy machine. */
const DB_INIT_TIMEOUT_MS = 300_000;

/** What the page says where an owner on a shared server may not act. */
function sharedServerReason(what: string) {
  return `The platform shares this project's database server between owners: only the platform team ${what}.`;
}

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
  it("lets the owner act on the project and reveal its own keys, audited, but not the shared server's login", async () => {
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

    await step('alice-page', async () => {
      await openProjectPage();
      for (const name of ['Edit', 'Delete']) {
        await enabled(page.getByRole('button', { name }));
      }
      // The demo's server is shared between owners: once the project's
      // db-init run says so, its admin login and role passwords are the
      // platform team's, and the page says so where they would be.
      const connect = await visible(
        page.getByRole('region', { name: 'Connect', exact: true }),
      );
      await visible(
        connect.getByText(sharedServerReason('reveals its connection string')),
        DB_INIT_TIMEOUT_MS,
      );
      expect(
        await connect.getByRole('button', { name: /^Reveal/ }).count(),
      ).toBe(0);
      const secrets = await visible(
        page.getByRole('region', { name: 'Secrets', exact: true }),
      );
      await visible(
        secrets.getByText(sharedServerReason('reveals its Studio login')),
      );
      await visible(
        page.getByLabel(
          sharedServerReason('rotates the database role passwords'),
        ),
      );
      const rotate = page.getByRole('button', {
        name: 'Rotate database passwords',
      });
      await expect(rotate.isEnabled()).resolves.toBe(false);
      // The warning says the same, read in full: not cut at the panel's edge.
      const warning = await visible(
        page.getByText(/^The platform shares PostgreSQL at .* between owners/),
      );
      const cut = await warning.evaluate(
        text => text.scrollWidth > text.clientWidth,
      );
      expect(cut).toBe(false);
      await screenshot(page, 'project-page-shared-server-owner');
    });

    await step('alice-api-refuses-server-login', async () => {
      const reveal = await callApi(
        'POST',
        `/projects/default/${PROJECT}/secrets/connectionString/reveal`,
      );
      expect(reveal.status).toBe(403);
      expect(reveal.json().error.message).toContain(
        'supabase.server.shared.secrets.read',
      );
      expect(reveal.text).not.toContain('postgres://');
    });

    let revealed = '';
    await step('alice-reveals-secret-key', async () => {
      // The project's own keys stay its owner's.
      const secrets = page.getByRole('region', {
        name: 'Secrets',
        exact: true,
      });
      await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
      const shown = await visible(secrets.getByText(/^sb_secret_/));
      revealed = await shown.innerText();
      expect(revealed.length).toBeGreaterThan('sb_secret_'.length);
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
      expect(line).toContain('"secret":"secretKey"');
      expect(line).toContain(`"name":"${PROJECT}"`);
      // The value itself is never logged.
      expect(app!.log()).not.toContain(revealed);
    });
    await app!.stop();
    app = undefined;
  }, 900_000);

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

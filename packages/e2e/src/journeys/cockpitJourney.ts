// A journey's tests run from app.e2e.test.ts, which shares one app between
// journeys; a journey is therefore a function that file calls.
/* eslint-disable jest/no-export */
import type { Locator, Page } from 'playwright-core';
import { callSupabaseApi } from '../lib/guestApi';
import { enabled, visible } from '../lib/pageHelpers';
import { updateDocsImages } from '../lib/screenshots';
import { journeyPage, SharedApp } from '../lib/sharedApp';
import type { RunningApp } from '../lib/startApp';

/**
 * The project page as a platform engineer uses it, in Chromium: landing
 * after sign-in, how to connect (endpoints inside the cluster with their
 * port-forward, the client snippet, the connection string), every action
 * reachable 400 px wide, the failure of a project on the demo's unreachable
 * server in one panel that names its Secret, and a deletion shown at once.
 */

const HEALTHY = 'shop-db';
const BROKEN = 'billing-db';
const UNREACHABLE_SECRET = 'local-postgres-unreachable';
const ACTIONS = ['Edit', 'Rotate keys', 'Rotate database passwords', 'Delete'];
const NARROW = 400;

export function cockpitJourney(shared: SharedApp) {
  let app: RunningApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const journey = journeyPage(
    shared,
    { stepPrefix: 'cockpit-', defaultTimeoutMs: 60_000 },
    opened => {
      ({ app, page, pageErrors } = opened);
    },
  );
  const { region, step, screenshot } = journey;

  /** Creates a project with a database of its own on the server the Secret names. */
  async function createProject(name: string, serverSecretRef: string) {
    const created = await callSupabaseApi(app!.baseUrl, 'POST', '/projects', {
      namespace: 'default',
      name,
      spec: { database: { serverSecretRef, sslMode: 'disable' } },
    });
    expect(created.status).toBe(201);
  }

  /** How far an element reaches to the right, in CSS pixels. */
  async function rightEdge(locator: Locator): Promise<number> {
    const box = await locator.boundingBox();
    if (!box) throw new Error(`${locator} has no box`);
    return box.x + box.width;
  }

  describe('the project page in Chromium', () => {
    beforeAll(journey.open, 60_000);
    afterAll(journey.close, 60_000);
    // Created first: its db-init attempts fail while the steps before its own
    // run.
    beforeAll(() => createProject(BROKEN, UNREACHABLE_SECRET), 60_000);

    it('lands on the Supabase projects after sign-in', async () => {
      await step('landing', async () => {
        await page.goto('/');
        await page.getByRole('button', { name: 'Enter' }).click();
        await page.waitForURL('**/supabase');
        await visible(
          page.getByRole('heading', { name: 'Projects', exact: true }),
        );
      });
    }, 60_000);

    it('says how to connect: endpoints inside the cluster, the client snippet, the connection string', async () => {
      await step('connect', async () => {
        await createProject(HEALTHY, 'local-postgres-server');
        await page.goto(`/supabase/default/${HEALTHY}`);
        await visible(
          page.getByRole('heading', { name: `default/${HEALTHY}` }),
        );
        const api = `http://${HEALTHY}-kong.default.svc:8000`;

        const endpoints = region('Endpoints');
        await visible(
          endpoints.getByText(api, { exact: true }).first(),
          120_000,
        );
        // A cluster address opens nowhere in a browser: text, not a link.
        expect(
          await endpoints
            .getByRole('link', { name: new RegExp('\\.svc') })
            .count(),
        ).toBe(0);
        await visible(endpoints.getByText('inside the cluster').first());
        await visible(
          endpoints.getByText(
            `kubectl -n default port-forward svc/${HEALTHY}-kong 8000:8000`,
          ),
        );
        // Studio through Kong (its basic auth), and where the login is.
        const studioRow = endpoints
          .locator('div')
          .filter({ hasText: /^Studio URL/ })
          .first();
        await visible(studioRow.getByText(api, { exact: true }));
        await visible(endpoints.getByText(/asks for the dashboard login/));

        const connect = region('Connect');
        const project = (
          await callSupabaseApi(
            app!.baseUrl,
            'GET',
            `/projects/default/${HEALTHY}`,
          )
        ).json();
        const key = project.publishableKey ?? project.anonKey;
        expect(key).toBeTruthy();
        await visible(
          connect.getByText(
            `const supabase = createClient('${api}', '${key}');`,
          ),
        );
        await visible(
          connect.getByRole('button', { name: 'Copy client snippet' }),
        );
        await connect
          .getByRole('button', { name: 'Reveal Connection string' })
          .click();
        await visible(connect.getByText(/^postgres(ql)?:\/\//));
        await screenshot('project-connect');
      });
    }, 180_000);

    it('saves a change made in the Edit dialog', async () => {
      await step('edit', async () => {
        const read = async () =>
          (
            await callSupabaseApi(
              app!.baseUrl,
              'GET',
              `/projects/default/${HEALTHY}`,
            )
          ).json();
        const before = await read();
        await page.goto(`/supabase/default/${HEALTHY}`);
        const edit = page.getByRole('button', { name: 'Edit', exact: true });
        await enabled(edit);
        await edit.click();
        const dialog = page.getByRole('dialog');
        // The browser's fetchApi sends the body: what a test from Node skips.
        await visible(dialog.getByLabel('rest replicas')).then(field =>
          field.fill('2'),
        );
        await dialog.getByRole('button', { name: 'Save', exact: true }).click();
        await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
        const after = await read();
        expect(after.generation).toBe(before.generation + 1);
        expect(after.spec.components.rest.replicas).toBe(2);
      });
    }, 180_000);

    it(`keeps every action reachable ${NARROW} px wide`, async () => {
      await step('narrow', async () => {
        await page.setViewportSize({ width: NARROW, height: 900 });
        await page.goto(`/supabase/default/${HEALTHY}`);
        await visible(
          page.getByRole('heading', { name: `default/${HEALTHY}` }),
        );
        for (const name of ACTIONS) {
          const button = page.getByRole('button', { name, exact: true });
          await enabled(button);
          await button.scrollIntoViewIfNeeded();
          expect(await rightEdge(button)).toBeLessThanOrEqual(NARROW);
        }
        // Long values wrap inside the page rather than widen it.
        const endpoints = region('Endpoints');
        const command = endpoints.getByText(/^kubectl -n default port-forward/);
        await command.scrollIntoViewIfNeeded();
        expect(await rightEdge(command)).toBeLessThanOrEqual(NARROW);
        const publishableKey = endpoints.getByText(/^sb_publishable_/).first();
        await publishableKey.scrollIntoViewIfNeeded();
        expect(await rightEdge(publishableKey)).toBeLessThanOrEqual(NARROW);
        await screenshot('project-page-narrow');
        await page.setViewportSize({ width: 1400, height: 1000 });
      });
    }, 120_000);

    it('puts a failure in one panel that names the Secret, with the fix and the last log lines', async () => {
      await step('failure', async () => {
        await page.goto(`/supabase/default/${BROKEN}`);
        const failure = await visible(region('Failure'), 150_000);
        await visible(
          failure.getByText(/The db-init Job failed after 4 attempts/),
        );
        await visible(failure.getByText(`default/${UNREACHABLE_SECRET}`));
        await visible(
          failure.getByText(
            `kubectl -n default describe secret ${UNREACHABLE_SECRET}`,
          ),
        );
        await visible(failure.getByText(/^Fix:/));
        await visible(failure.getByText('Last log lines'));
        await visible(
          failure.locator('pre code').filter({ hasText: 'supabase-init:' }),
        );
        // Said once: the timeline and the db-init card link to it.
        expect(
          await page
            .getByText(/The db-init Job failed after 4 attempts/)
            .count(),
        ).toBe(1);
        const timeline = region('Phase timeline');
        await visible(timeline.getByText('InitializingDatabase · Failed'));
        await visible(
          region('Database initialization').getByRole('link', {
            name: 'See the failure',
          }),
        );
        await timeline.getByRole('link', { name: 'See the failure' }).click();
        await failure.getByText('Last log lines').waitFor({ state: 'visible' });
        await screenshot('project-failure');
      });
    }, 240_000);

    it('shows a deletion at once, without a reload or a lingering toast', async () => {
      await step('delete', async () => {
        await page.goto(`/supabase/default/${HEALTHY}`);
        await visible(
          page.getByRole('heading', { name: `default/${HEALTHY}` }),
        );
        const deleteButton = page.getByRole('button', {
          name: 'Delete',
          exact: true,
        });
        await enabled(deleteButton);
        await deleteButton.click();
        await page.getByRole('button', { name: 'Delete project' }).click();
        await visible(page.getByText(`default/${HEALTHY} was deleted`), 60_000);
        // The header says so too, and no "Deleting" toast stays behind.
        await visible(page.getByText('Deleted', { exact: true }));
        expect(
          await page.getByText(`Deleting default/${HEALTHY}`).count(),
        ).toBe(0);
        expect(
          await page
            .getByRole('button', { name: 'Delete', exact: true })
            .count(),
        ).toBe(0);
      });
      updateDocsImages([
        'project-connect',
        'project-page-narrow',
        'project-failure',
      ]);
    }, 120_000);

    it('threw no uncaught errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}

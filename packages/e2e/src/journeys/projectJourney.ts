// A journey's tests run from app.e2e.test.ts, which shares one app between
// journeys; a journey is therefore a function that file calls.
/* eslint-disable jest/no-export */
import type { Page } from 'playwright-core';
import { visible } from '../lib/pageHelpers';
import { updateDocsImages } from '../lib/screenshots';
import { journeyPage, SharedApp } from '../lib/sharedApp';

/**
 * The app as `yarn start` runs it (the root app-config.yaml: the bundled
 * local cluster, a throwaway PostgreSQL with the Secrets
 * `default/local-postgres-server` (each project gets a database of its own
 * there), `default/local-postgres` and `default/local-postgres-unreachable`, SQLite,
 * guest sign-in), driven in Debian's Chromium: a developer creates a project
 * with the software template, follows it to Running on its page and reads
 * the db-init logs; a project on an unreachable database retries and fails,
 * and says why. The app runs with `supabase.dbInit.waitSeconds: 5`.
 */

const HEALTHY = 'todo-db';
const BROKEN = 'orders-db';

const PHASES = [
  'Pending',
  'ValidatingDependencies',
  'InitializingDatabase',
  'DeployingSecrets',
  'DeployingComponents',
  'Running',
];
const SQL_FILES = [
  '00-initial-schema.sql',
  '01-roles.sql',
  '02-jwt.sql',
  '03-logs.sql',
  '04-webhooks.sql',
  '05-realtime.sql',
  '06-pooler.sql',
];
const COMPONENTS = ['kong', 'auth', 'rest', 'realtime', 'meta', 'studio'];

export function projectJourney(shared: SharedApp) {
  let page: Page;
  let pageErrors: string[] = [];
  const journey = journeyPage(shared, {}, opened => {
    ({ page, pageErrors } = opened);
  });
  const { region, step, screenshot } = journey;

  /**
   * Fills the Supabase project template and submits it, with a database of
   * its own on the server the Secret names (the demo's by default); resolves
   * on the task page.
   */
  async function createWithTemplate(name: string, serverSecret?: string) {
    await page.waitForURL('**/create/templates/default/supabase-project');
    await visible(page.getByRole('heading', { name: 'Supabase project' }));
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    expect(
      await page.getByRole('textbox', { name: 'Namespace' }).inputValue(),
    ).toBe('default');
    await page.getByRole('button', { name: 'Next' }).click();

    const secret = await visible(page.getByLabel('Server Secret'));
    // The template's default: a database of its own on the local demo's
    // server.
    expect(await secret.inputValue()).toBe('local-postgres-server');
    if (serverSecret) await secret.fill(serverSecret);
    await page.getByRole('button', { name: 'Next' }).click();

    // Exposure and features: all optional, left as they are.
    await visible(page.getByLabel('Public host (optional)'));
    await page.getByRole('button', { name: 'Next' }).click();

    await visible(page.getByLabel('Replicas per component'));
    await page.getByRole('button', { name: 'Review' }).click();
    await visible(page.getByText(name, { exact: true }));
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL('**/create/tasks/**');
  }

  /**
   * Creates a project from the projects page's Create button with the
   * template's defaults, follows it to Running and returns the database its
   * page names (one the plugin created for it).
   */
  async function createFromCreateButton(name: string): Promise<string> {
    let database = '';
    await step(`create-${name}`, async () => {
      await page.goto('/supabase');
      await page
        .getByRole('button', { name: 'Create project' })
        .first()
        .click();
      await createWithTemplate(name);
      const open = await visible(
        page.getByRole('link', { name: 'Open project' }),
        120_000,
      );
      await page.goto((await open.getAttribute('href'))!);
      await visible(page.getByRole('heading', { name: `default/${name}` }));
      const label = await visible(
        page.getByText(
          /^supabase_default_team_app_\d+ \(created for the project\)$/,
        ),
      );
      database = (await label.textContent())!;
    });
    return database;
  }

  describe('Supabase for Backstage in Chromium', () => {
    beforeAll(journey.open, 60_000);
    afterAll(journey.close, 60_000);

    it('signs in as a guest at / and lands on the empty projects page', async () => {
      await step('sign-in', async () => {
        await page.goto('/');
        await page.getByRole('button', { name: 'Enter' }).click();
        await page.waitForURL('**/supabase');
        await visible(
          page.getByRole('heading', { name: 'Projects', exact: true }),
        );
        await visible(page.getByText('No Supabase projects yet'));
      });

      await step('logo-home', async () => {
        await page.goto('/catalog');
        // The sidebar logo.
        await page.locator('a[aria-label="Home"]').click();
        await page.waitForURL('**/supabase');
        await visible(
          page.getByRole('heading', { name: 'Projects', exact: true }),
        );
      });
    }, 60_000);

    it('creates a project with the software template and follows it to Running', async () => {
      await step('create-healthy', async () => {
        await page
          .getByRole('button', { name: 'Create project' })
          .first()
          .click();
        await createWithTemplate(HEALTHY);

        // The template's step waits for Running, then links to the project.
        const open = await visible(
          page.getByRole('link', { name: 'Open project' }),
          120_000,
        );
        const href = await open.getAttribute('href');
        expect(href).toMatch(new RegExp(`/supabase/default/${HEALTHY}$`));
        await page.goto(href!);
      });

      await step('project-running', async () => {
        await visible(
          page.getByRole('heading', { name: `default/${HEALTHY}` }),
        );
        const timeline = await visible(region('Phase timeline'));
        for (const phase of PHASES) {
          await visible(timeline.getByText(`${phase} · Done`, { exact: true }));
        }

        const dbInit = region('Database initialization');
        await visible(dbInit.getByText(`${HEALTHY}-db-init`, { exact: true }));
        await visible(dbInit.getByText('Succeeded', { exact: true }));
        await visible(dbInit.getByText('1 of 4', { exact: true }));
        for (const file of SQL_FILES) {
          const row = dbInit.getByRole('row').filter({ hasText: file });
          await visible(row.getByText('applied', { exact: true }));
        }

        const logs = region('Logs');
        await visible(logs.getByText('Attempt 1 · complete'));
        // The end of the log: the per-file result lines the backend parses.
        await visible(logs.getByText(/^supabase-init: summary applied=\d+/));
        await visible(
          logs.getByText(/^supabase-init: file=06-pooler\.sql result=applied/),
        );
        // The search (on the server: the attempt has ended) finds a line
        // further up, with its number in the log.
        await logs
          .getByRole('textbox', { name: 'Search' })
          .fill('file=01-roles.sql');
        await visible(logs.getByText(/^\d+ matching lines? in the whole log/));
        await visible(
          logs.getByText(/supabase-init: file=01-roles\.sql result=applied/),
        );

        const components = region('Components');
        await visible(components.getByText('local cluster'));
        for (const component of COMPONENTS) {
          // The name cell also has the "simulated" badge.
          const row = components.getByRole('row').filter({
            has: page.getByRole('cell', {
              name: new RegExp(`^${component}\\b`),
            }),
          });
          await visible(row.getByText('Available', { exact: true }));
        }

        // Inside the cluster: text, not a link, and the way to reach it.
        const endpoints = region('Endpoints');
        await visible(
          endpoints
            .getByText(`http://${HEALTHY}-kong.default.svc:8000`, {
              exact: true,
            })
            .first(),
        );
        await visible(
          endpoints.getByText(
            `kubectl -n default port-forward svc/${HEALTHY}-kong 8000:8000`,
          ),
        );
        await visible(endpoints.getByText('Publishable key'));

        // The end of the log, with the per-file results, for the picture.
        await logs
          .getByRole('textbox', { name: 'Search' })
          .fill('supabase-init: summary');
        await visible(logs.getByText(/^supabase-init: summary applied=\d+/));
        await screenshot('project-page');
      });
    }, 180_000);

    it('shows a project on an unreachable database retrying and failing', async () => {
      await step('create-broken', async () => {
        await page.goto('/create/templates/default/supabase-project');
        await createWithTemplate(BROKEN, 'local-postgres-unreachable');
        await visible(page.getByText('Create Supabase project'));
        // Followed from the projects table (which shows the project as soon as
        // the task creates it), while the db-init Job retries.
        await page.goto('/supabase');
        const link = page.getByRole('link', { name: BROKEN, exact: true });
        await visible(link);
        await link.click();
        await page.waitForURL(`**/supabase/default/${BROKEN}`);
      });

      await step('project-retrying', async () => {
        const logs = region('Logs');
        const dbInit = region('Database initialization');
        // A later attempt, live; the db-init card keeps up with it.
        const live = await visible(
          logs.getByText(/^Attempt [2-4] · following live$/),
          60_000,
        );
        const attempt = Number(/Attempt (\d)/.exec(await live.innerText())![1]);
        await visible(
          dbInit.getByText(new RegExp(`^[${attempt}-4] of 4$`)),
          15_000,
        );
      });

      await step('project-failed', async () => {
        await visible(page.getByText(`default/${BROKEN} failed`), 90_000);
        await visible(
          page.getByText(/The db-init Job failed after 4 attempts/).first(),
        );
        const timeline = region('Phase timeline');
        await visible(timeline.getByText('InitializingDatabase · Failed'));
        await visible(timeline.getByText('Running · Not reached'));

        const dbInit = region('Database initialization');
        await visible(dbInit.getByText('4 of 4', { exact: true }));
        await visible(dbInit.getByText('Failed', { exact: true }));
        await visible(dbInit.getByRole('button', { name: 'Retry' }));

        const logs = region('Logs');
        await visible(logs.getByText('Attempt 4 · complete'));
        await visible(logs.getByText(/^supabase-init: error=unreachable/));

        // Every attempt kept its own log.
        await logs.getByLabel('Attempt').click();
        for (const n of [1, 2, 3, 4]) {
          await visible(
            page.getByRole('option', { name: `Attempt ${n} · Failed` }),
          );
        }
        await page.getByRole('option', { name: 'Attempt 1 · Failed' }).click();
        await visible(logs.getByText('Attempt 1 · complete'));
        await visible(logs.getByText(/port 1 failed: Connection refused/));
        await screenshot('project-failed');
      });
    }, 180_000);

    it('lists both projects on the projects page', async () => {
      await step('projects-page', async () => {
        await page.goto('/supabase');
        const healthyRow = page.getByRole('row').filter({
          has: page.getByRole('link', { name: HEALTHY, exact: true }),
        });
        await visible(healthyRow.getByText('Running', { exact: true }));
        const brokenRow = page.getByRole('row').filter({
          has: page.getByRole('link', { name: BROKEN, exact: true }),
        });
        await visible(brokenRow.getByText('Failed', { exact: true }));
        await visible(
          brokenRow.getByText(/The db-init Job failed after 4 attempts/),
        );
        await screenshot('projects-page', 760);

        // The backend filters by name.
        await page.getByLabel('Search by name').fill('todo');
        await page
          .getByRole('link', { name: BROKEN, exact: true })
          .waitFor({ state: 'detached' });
        await visible(page.getByRole('link', { name: HEALTHY, exact: true }));
      });

      updateDocsImages(['project-page', 'projects-page']);
    }, 60_000);

    it('creates five more projects from the Create button, each Running on a database of its own', async () => {
      const databases = new Set<string>();
      for (const name of [1, 2, 3, 4, 5].map(i => `team-app-${i}`)) {
        databases.add(await createFromCreateButton(name));
      }
      expect(databases.size).toBe(5);
    }, 900_000);

    it('threw no uncaught errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}

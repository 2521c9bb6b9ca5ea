// A journey's tests run from app.e2e.test.ts, which shares one app between
// journeys; a journey is therefore a function that file calls.
/* eslint-disable jest/no-export */
import type { Page } from 'playwright-core';
import { callSupabaseApi, guestToken } from '../lib/guestApi';
import { visible } from '../lib/pageHelpers';
import { updateDocsImages } from '../lib/screenshots';
import { journeyPage, SharedApp } from '../lib/sharedApp';
import type { RunningApp } from '../lib/startApp';

/**
 * Backstage's own Kubernetes plugin beside ours: a Supabase project's
 * catalog entity (from the catalog module, annotated
 * `backstage.io/kubernetes-id`) has a Kubernetes tab that lists the
 * project's Deployments and their pods, with their status, from the demo's
 * local cluster, which the demo hands to Backstage as an ordinary
 * `kubernetes.clusterLocatorMethods` cluster.
 */

const PROJECT = 'k8s-db';
const ENTITY = `default.${PROJECT}`;
const COMPONENTS = ['kong', 'auth', 'rest', 'realtime', 'meta', 'studio'];

export function kubernetesTabJourney(shared: SharedApp) {
  let app: RunningApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const journey = journeyPage(shared, { stepPrefix: 'kubernetes-' }, opened => {
    ({ app, page, pageErrors } = opened);
  });
  const { step, screenshot } = journey;

  /** Polls `check` until it returns something, or fails saying what it waited for. */
  async function until<T>(
    check: () => Promise<T | undefined>,
    what: string,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`Waited ${timeoutMs / 1000} s for ${what}`);
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  describe("Backstage's Kubernetes tab in Chromium", () => {
    beforeAll(journey.open, 60_000);
    afterAll(journey.close, 60_000);

    it("lists a project's Deployments and pods from the local cluster", async () => {
      const baseUrl = app!.baseUrl;
      await step('create', async () => {
        const created = await callSupabaseApi(baseUrl, 'POST', '/projects', {
          namespace: 'default',
          name: PROJECT,
          spec: {
            database: { secretRef: 'local-postgres', sslMode: 'disable' },
          },
        });
        expect(created.status).toBe(201);
        await until(
          async () => {
            const project = await callSupabaseApi(
              baseUrl,
              'GET',
              `/projects/default/${PROJECT}`,
            );
            return project.json().phase === 'Running' ? true : undefined;
          },
          `${PROJECT} to be Running`,
          180_000,
        );
        // The catalog module emits the entity on its next run (every 30 s).
        await until(
          async () => {
            const response = await fetch(
              `${baseUrl}/api/catalog/entities/by-name/resource/default/${ENTITY}`,
              {
                headers: {
                  Authorization: `Bearer ${await guestToken(baseUrl)}`,
                },
              },
            );
            return response.ok ? true : undefined;
          },
          `the catalog entity ${ENTITY}`,
          90_000,
        );
      });

      await step('kubernetes-tab', async () => {
        await page.goto(`/catalog/default/resource/${ENTITY}`);
        await page.getByRole('button', { name: 'Enter' }).click();
        // The entity page's tabs: Overview, Kubernetes (Backstage's plugin),
        // Supabase (ours).
        await page.getByText('Kubernetes', { exact: true }).click();
        await page.waitForURL(
          `**/catalog/default/resource/${ENTITY}/kubernetes`,
        );

        // The cluster, as the demo names it, with the project's pods (the
        // components' and the db-init Job's).
        const cluster = await visible(page.getByText('local', { exact: true }));
        await cluster.click();
        await visible(page.getByText(/^\d+ pods$/).first());
        await visible(page.getByText('No pods with errors').first());

        // Each component's Deployment, an accordion of its own (a Service
        // and a ConfigMap may share the name).
        const deployment = (component: string) =>
          page
            .getByRole('button')
            .filter({
              has: page.getByText(`${PROJECT}-${component}`, { exact: true }),
            })
            .filter({ hasText: 'Deployment' })
            .first();
        for (const component of COMPONENTS) {
          await visible(deployment(component));
        }
        // One Deployment opened: its pod, Running, its container ready.
        await deployment('auth').click();
        const pod = page.getByRole('row').filter({
          hasText: new RegExp(`${PROJECT}-auth-[a-z0-9]+-[a-z0-9]+`),
        });
        await visible(pod.getByText('Running', { exact: true }));
        await visible(pod.getByText('1/1', { exact: true }));
        // Nothing the plugin asked for failed (no error panel).
        expect(
          await page.getByText(/There was a problem retrieving/).count(),
        ).toBe(0);

        await screenshot('kubernetes-tab');
        updateDocsImages(['kubernetes-tab']);
      });
    }, 420_000);

    it('threw no uncaught errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { newAppPage } from './browser';
import { screenshot, step } from './screenshots';
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

/** A journey's page on the shared app, once opened. */
export interface OpenedPage {
  app: RunningApp;
  page: Page;
  /** Uncaught errors in the page, as they happened. */
  pageErrors: string[];
}

/**
 * A journey's own page on the shared app, in a browser context of its own
 * (its own sign-in): `open` and `close` are for its beforeAll and afterAll,
 * and `onOpen` hands the page to the journey. Steps are named with
 * `stepPrefix`, so that a failed step's screenshot says whose it is.
 */
export function journeyPage(
  shared: SharedApp,
  options: { stepPrefix?: string; defaultTimeoutMs?: number },
  onOpen: (opened: OpenedPage) => void,
) {
  let opened: OpenedPage | undefined;
  let context: BrowserContext | undefined;
  const current = () => {
    if (!opened) throw new Error("The journey's page is not open");
    return opened;
  };
  return {
    async open() {
      const app = shared.app();
      const { page, pageErrors, ...rest } = await newAppPage(
        shared.browser(),
        app.baseUrl,
        options.defaultTimeoutMs,
      );
      context = rest.context;
      opened = { app, page, pageErrors };
      onOpen(opened);
    },
    async close() {
      await context?.close();
    },
    region(name: string): Locator {
      return current().page.getByRole('region', { name, exact: true });
    },
    /** Runs a step; when it fails, keeps a screenshot and the backend's log tail. */
    step(name: string, body: () => Promise<void>) {
      return step(
        opened?.page,
        opened?.app,
        `${options.stepPrefix ?? ''}${name}`,
        body,
      );
    },
    screenshot(name: string, height?: number) {
      return screenshot(current().page, name, height);
    },
  };
}

import fs from 'node:fs';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's `chromium` package; never a browser downloaded by Playwright. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  const executable = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  if (!fs.existsSync(executable)) {
    throw new Error(
      `Chromium is not at ${executable}. Install Debian's package (apt-get install chromium; scripts/test.sh does) or set CHROMIUM_PATH.`,
    );
  }
  return executable;
}

/** Starts a headless Chromium through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const args = ['--disable-dev-shm-usage'];
  // Chromium's sandbox cannot start as root (a container, CI).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args,
  });
}

/** A Chromium page on an app, and what the page threw. */
export interface AppPage {
  browser: Browser;
  /** The page's own cookies and storage: closing it leaves the browser to others. */
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page, as they happened. */
  pageErrors: string[];
}

/**
 * Opens a page on the app at `baseUrl` in `browser`, in a context of its
 * own (its own sign-in): 1400 × 1000, relative URLs against the app, the
 * given default timeout, and uncaught page errors collected.
 */
export async function newAppPage(
  browser: Browser,
  baseUrl: string,
  defaultTimeoutMs = 30_000,
): Promise<AppPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1400, height: 1000 },
  });
  context.setDefaultTimeout(defaultTimeoutMs);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(error.stack ?? error.message));
  return { browser, context, page, pageErrors };
}

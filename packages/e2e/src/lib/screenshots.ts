import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, RunningApp } from './startApp';

/** Where the tests' pictures go. */
export const SCREENSHOTS = path.join(REPO_ROOT, 'packages/e2e/screenshots');
/** Where README's pictures are; UPDATE_DOCS_IMAGES=1 copies them there. */
export const DOCS_IMAGES = path.join(REPO_ROOT, 'docs/images');

/**
 * Saves a picture of the page, as tall as `height` or, by default, as tall
 * as the content. Backstage pages scroll inside the page, not the window, so
 * a picture of the whole page takes a window as tall as the content.
 */
export async function screenshot(page: Page, name: string, height?: number) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const viewport = page.viewportSize()!;
  const contentHeight = async () =>
    page.evaluate(() =>
      Math.max(
        ...Array.from(document.querySelectorAll('body *'), element => {
          const { overflowY } = getComputedStyle(element);
          return overflowY === 'auto' || overflowY === 'scroll'
            ? element.scrollHeight
            : 0;
        }),
        document.documentElement.scrollHeight,
      ),
    );
  await page.setViewportSize({
    width: viewport.width,
    height: height ?? (await contentHeight()),
  });
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}

/** Copies the named screenshots into docs/images when UPDATE_DOCS_IMAGES is set. */
export function updateDocsImages(names: string[]) {
  if (!process.env.UPDATE_DOCS_IMAGES) return;
  fs.mkdirSync(DOCS_IMAGES, { recursive: true });
  for (const name of names) {
    fs.copyFileSync(
      path.join(SCREENSHOTS, `${name}.png`),
      path.join(DOCS_IMAGES, `${name}.png`),
    );
  }
}

/**
 * Runs a step; when it fails, keeps a screenshot of the page and adds the
 * page's address and the backend's last log lines to the error.
 */
export async function step(
  page: Page | undefined,
  app: RunningApp | undefined,
  name: string,
  body: () => Promise<void>,
) {
  try {
    await body();
  } catch (error) {
    let shot = '';
    try {
      if (page) shot = await screenshot(page, `failed-${name}`);
    } catch {
      // The page may be gone.
    }
    const log = app?.log().split('\n').slice(-60).join('\n') ?? '';
    throw new Error(
      [
        `Step "${name}" failed: ${(error as Error).stack ?? error}`,
        `Page: ${page?.url()}`,
        shot && `Screenshot: ${shot}`,
        `Backend log (last lines):\n${log}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
  }
}

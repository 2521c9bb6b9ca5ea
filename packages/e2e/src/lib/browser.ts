import fs from 'node:fs';
import { Browser, chromium } from 'playwright-core';

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

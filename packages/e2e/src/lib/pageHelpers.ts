import type { Locator } from 'playwright-core';

/** Waits until the locator is visible; the default timeout is the context's. */
export async function visible(
  locator: Locator,
  timeout?: number,
): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until a control is enabled: buttons are off while the decision loads. */
export async function enabled(locator: Locator, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await visible(locator).then(l => l.isEnabled()))) {
    if (Date.now() > deadline) {
      throw new Error(`${locator} stayed disabled for ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

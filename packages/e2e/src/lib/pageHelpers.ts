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

/** An answer of the Supabase API. */
export interface ApiAnswer {
  status: number;
  text: string;
  json(): any;
}

/**
 * Calls the Supabase API of the app at `baseUrl` as its guest user, with the
 * Backstage token the sign-in page gets.
 */
export async function callApiAsGuest(
  baseUrl: string,
  method: string,
  apiPath: string,
  body?: object,
): Promise<ApiAnswer> {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!refresh.ok) {
    throw new Error(`Guest sign-in failed: ${refresh.status}`);
  }
  const token = (await refresh.json()).backstageIdentity.token;
  const response = await fetch(`${baseUrl}/api/supabase${apiPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

/**
 * Waits until `check` gives a truthy value and returns it; fails naming
 * `what` after `timeoutMs`. Tests wait for conditions, never for time.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 300_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

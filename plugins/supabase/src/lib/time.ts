const UNITS: Array<[suffix: string, ms: number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * A duration the way `kubectl` shows ages: the two largest units, e.g.
 * `3d4h`, `12m5s`, `42s`.
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  const parts: Array<[value: number, suffix: string]> = [];
  for (const [suffix, size] of UNITS) {
    const value = Math.floor(rest / size);
    rest -= value * size;
    if (value > 0 || parts.length > 0) {
      parts.push([value, suffix]);
    }
    if (parts.length === 2) {
      break;
    }
  }
  // "1m", not "1m0s".
  const shown = parts.filter(([value], index) => index === 0 || value > 0);
  return shown.length
    ? shown.map(([value, suffix]) => `${value}${suffix}`).join('')
    : '0s';
}

/** Time from `iso` to `now`, e.g. for an age column. */
export function formatAge(iso: string, now: number = Date.now()): string {
  return formatDuration(now - Date.parse(iso));
}

/** A timestamp in the user's locale, with seconds. */
export function formatTimestamp(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

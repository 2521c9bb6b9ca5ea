import { jsonEqual } from './jsonEqual';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Structural sharing for a write: `next` with each part that equals (as
 * JSON) the same part of `previous` replaced by `previous`'s, or `previous`
 * itself when all of `next` equals it (a no-op write).
 *
 * Stored objects are frozen, so what a write leaves alone can be the very
 * object the previous version holds: it is not frozen again, compares at
 * once the next time, and costs no memory twice. `next` is changed in place
 * where it is not frozen: the caller hands it over.
 */
export function shareUnchanged<T>(next: T, previous: unknown): T {
  if (next === previous) return next;
  if (
    !isObject(next) ||
    !isObject(previous) ||
    Array.isArray(next) !== Array.isArray(previous)
  ) {
    return next;
  }
  if (Object.isFrozen(next)) {
    return jsonEqual(next, previous) ? (previous as T) : next;
  }
  const parts: Record<string, unknown> = next;
  let same = true;
  let nextKeys = 0;
  for (const key in parts) {
    if (parts[key] === undefined) continue;
    nextKeys++;
    const shared = shareUnchanged(parts[key], previous[key]);
    parts[key] = shared;
    if (shared !== previous[key]) same = false;
  }
  if (!same) return next;
  let previousKeys = 0;
  for (const key in previous) {
    if (previous[key] !== undefined) previousKeys++;
  }
  return nextKeys === previousKeys ? (previous as T) : next;
}

/**
 * Whether two JSON values serialize to the same JSON (a key whose value is
 * `undefined` counts as absent, as `JSON.stringify` drops it).
 *
 * Cheaper than `isDeepStrictEqual` where it matters: stored objects are
 * frozen and a write shares the parts it did not change with the previous
 * version, so those parts are the same object and compare at once; and no
 * prototypes, property descriptors or cycles are looked at, JSON has none.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!jsonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let leftKeys = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    leftKeys++;
    if (!jsonEqual(left[key], right[key])) return false;
  }
  let rightKeys = 0;
  for (const key in right) {
    if (right[key] !== undefined) rightKeys++;
  }
  return leftKeys === rightKeys;
}

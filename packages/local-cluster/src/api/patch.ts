/**
 * The patch formats the API server accepts: JSON merge patch (RFC 7386),
 * strategic merge patch (merge keys for the built-in list fields and the
 * `$patch`, `$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList`
 * directives) and JSON patch (RFC 6902).
 */
import { isDeepStrictEqual } from 'node:util';
import { ApiError, badRequest } from './errors';
import type { Json } from '../types';
import { copyJson } from '../util';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return copyJson(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Merge keys of the built-in list fields (the `patchMergeKey` struct tags of
 * k8s.io/api), by field name. `ports` depends on where it is: container
 * ports merge on `containerPort`, service ports on `port`.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
};

/** Primitive lists that merge (set semantics) rather than replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') {
    return items.some(i => isObject(i) && 'containerPort' in i)
      ? 'containerPort'
      : 'port';
  }
  return MERGE_KEYS[field];
}

function strategicList(
  field: string,
  original: Json[] | undefined,
  patch: Json[],
  order: Json[] | undefined,
  deletions: Json[] | undefined,
): Json[] {
  const base = Array.isArray(original) ? original : [];
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...base];
    for (const v of patch)
      if (!out.some(o => isDeepStrictEqual(o, v))) out.push(v);
    return deletions
      ? out.filter(v => !deletions.some(d => isDeepStrictEqual(d, v)))
      : out;
  }
  const key = mergeKeyFor(field, [...base, ...patch]);
  if (!key) {
    // Atomic list: the patch replaces it (a `$patch: replace` marker aside).
    return patch.filter(i => !(isObject(i) && i.$patch));
  }
  if (patch.some(i => isObject(i) && i.$patch === 'replace')) {
    return patch.filter(i => !(isObject(i) && i.$patch === 'replace'));
  }
  const out: Json[] = base.map(i => copyJson(i));
  for (const item of patch) {
    if (!isObject(item)) continue;
    const idx = out.findIndex(o => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], item);
    else out.push(strategicMerge({}, item));
  }
  if (Array.isArray(order)) {
    const rank = (i: Json) => {
      const r = order.findIndex(
        o => isObject(o) && isObject(i) && o[key] === i[key],
      );
      return r < 0 ? Number.MAX_SAFE_INTEGER : r;
    };
    out.sort((a, b) => rank(a) - rank(b));
  }
  return out;
}

/**
 * Strategic merge patch on plain JSON: maps merge, lists of the built-in
 * types merge by their merge key, other lists are replaced.
 */
export function strategicMerge(original: Json, patch: Json): Json {
  if (!isObject(patch)) return copyJson(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return strategicMerge({}, rest);
  }
  if (patch.$patch === 'delete') return undefined;
  let out: Record<string, Json> = isObject(original) ? { ...original } : {};
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      continue;
    }
    if (value === null) {
      delete out[key];
    } else if (Array.isArray(value)) {
      out[key] = strategicList(
        key,
        out[key],
        value,
        patch[`$setElementOrder/${key}`],
        patch[`$deleteFromPrimitiveList/${key}`],
      );
    } else if (isObject(value)) {
      const merged = strategicMerge(out[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = value;
    }
  }
  // Directives for lists the patch does not otherwise touch.
  for (const [key, value] of Object.entries(patch)) {
    const m = /^\$deleteFromPrimitiveList\/(.+)$/.exec(key);
    if (m && !(m[1] in patch) && Array.isArray(out[m[1]])) {
      out[m[1]] = (out[m[1]] as Json[]).filter(
        v => !(value as Json[]).some(d => isDeepStrictEqual(d, v)),
      );
    }
    const o = /^\$setElementOrder\/(.+)$/.exec(key);
    if (o && !(o[1] in patch) && Array.isArray(out[o[1]])) {
      out[o[1]] = strategicList(
        o[1],
        out[o[1]],
        [],
        value as Json[],
        undefined,
      );
    }
  }
  return out;
}

function unprocessable(message: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    code: 422,
  });
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw unprocessable(`JSON pointer must start with "/": ${pointer}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: Json, parts: string[], op: string): [Json, string] {
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else cur = undefined;
    if (cur === undefined) {
      throw unprocessable(
        `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${parts.join(
          '/',
        )}": missing value`,
      );
    }
  }
  return [cur, parts[parts.length - 1]];
}

function getAt(doc: Json, parts: string[], op: string): Json {
  if (parts.length === 0) return doc;
  const [parent, last] = resolveParent(doc, parts, op);
  const v = Array.isArray(parent) ? parent[Number(last)] : parent?.[last];
  if (v === undefined) {
    throw unprocessable(
      `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${parts.join(
        '/',
      )}": missing value`,
    );
  }
  return v;
}

function removeAt(doc: Json, parts: string[], op: string) {
  const [parent, last] = resolveParent(doc, parts, op);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) {
      throw unprocessable(
        `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${parts.join(
          '/',
        )}": missing value`,
      );
    }
    parent.splice(i, 1);
  } else if (isObject(parent) && last in parent) {
    delete parent[last];
  } else {
    throw unprocessable(
      `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${parts.join(
        '/',
      )}": missing value`,
    );
  }
}

function addAt(doc: Json, parts: string[], value: Json, op: string): Json {
  if (parts.length === 0) return value;
  const [parent, last] = resolveParent(doc, parts, op);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) {
      throw unprocessable(
        `the server rejected our request due to an error in our request: ${op} operation does not apply: index out of range: ${last}`,
      );
    }
    parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw unprocessable(
      `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${parts.join(
        '/',
      )}": missing value`,
    );
  }
  return doc;
}

/** RFC 6902. */
export function jsonPatch(document: Json, operations: Json): Json {
  if (!Array.isArray(operations)) {
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = copyJson(document);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== 'string') {
      throw badRequest('invalid JSON patch operation');
    }
    const { op } = operation;
    const path = parsePointer(String(operation.path ?? ''));
    switch (op) {
      case 'add':
        doc = addAt(doc, path, copyJson(operation.value), op);
        break;
      case 'remove':
        removeAt(doc, path, op);
        break;
      case 'replace':
        if (path.length === 0) {
          doc = copyJson(operation.value);
        } else {
          getAt(doc, path, op);
          const [parent, last] = resolveParent(doc, path, op);
          if (Array.isArray(parent))
            parent[Number(last)] = copyJson(operation.value);
          else parent[last] = copyJson(operation.value);
        }
        break;
      case 'move': {
        const from = parsePointer(String(operation.from ?? ''));
        const value = getAt(doc, from, op);
        removeAt(doc, from, op);
        doc = addAt(doc, path, value, op);
        break;
      }
      case 'copy': {
        const from = parsePointer(String(operation.from ?? ''));
        doc = addAt(doc, path, copyJson(getAt(doc, from, op)), op);
        break;
      }
      case 'test': {
        const actual = getAt(doc, path, op);
        if (!isDeepStrictEqual(actual, operation.value)) {
          throw unprocessable(
            `the server rejected our request due to an error in our request: testing value /${path.join(
              '/',
            )} failed: test failed`,
          );
        }
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every leaf of a JSON document by its dotted path (arrays are leaves). */
function leaves(value: Json | undefined, path: string, out: Map<string, Json>) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      leaves(child, path ? `${path}.${key}` : key, out);
    }
  } else if (value !== undefined) {
    out.set(path, value);
  }
  return out;
}

const show = (value: Json) => JSON.stringify(value);

/**
 * What changed between two specs, one line per changed field, e.g.
 * `components.auth.replicas: 1 → 3`, for the timeline. Specs hold no secret
 * values (only the names of Secrets), so the lines can be shown to anyone
 * who may read the project.
 */
export function describeSpecChanges(
  before: ProjectSpec,
  after: ProjectSpec,
): string[] {
  const old = leaves(before as unknown as Json, '', new Map());
  const now = leaves(after as unknown as Json, '', new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: string[] = [];
  for (const path of paths) {
    const a = old.get(path);
    const b = now.get(path);
    if (a === undefined) changes.push(`${path}: set to ${show(b!)}`);
    else if (b === undefined) changes.push(`${path}: removed (was ${show(a)})`);
    else if (show(a) !== show(b)) {
      changes.push(`${path}: ${show(a)} → ${show(b)}`);
    }
  }
  return changes;
}

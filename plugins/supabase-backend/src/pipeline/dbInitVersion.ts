import type { V1ConfigMap } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { DbInitScripts } from '../resources';

/**
 * The version a db-init run applies: the SQL set's own version, combined with
 * the custom scripts when a project has them, so that changing either makes a
 * new run and changing neither never does.
 */
export function dbInitVersion(
  sqlSet: DbInitScripts,
  customScripts?: V1ConfigMap,
): string {
  if (!customScripts) return sqlSet.version;
  const hash = createHash('sha256').update(sqlSet.version);
  for (const key of Object.keys(customScripts.data ?? {}).sort()) {
    hash.update(`\0${key}\0${customScripts.data![key]}`);
  }
  return hash.digest('hex').slice(0, 16);
}

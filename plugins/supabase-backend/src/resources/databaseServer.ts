import { SHARED_BY_OWNERS_ANNOTATION } from '@supabase-backstage/plugin-supabase-common';
import { createHash } from 'node:crypto';
import type { DatabaseConnection } from './secrets';

/**
 * `supabase.backstage.io/database-server` on a db-init Job: which database
 * server its run connects to, so that the runs on one server can be counted
 * from the Job cache (docs/decisions/0023).
 */
export const DATABASE_SERVER_LABEL = 'supabase.backstage.io/database-server';

/** Whether the platform marked the Secret's server shared between owners. */
export function isSharedByOwners(secret: {
  metadata?: { annotations?: Record<string, string> };
}): boolean {
  return secret.metadata?.annotations?.[SHARED_BY_OWNERS_ANNOTATION] === 'true';
}

/** Characters of the hash kept: a label value, unique enough per cluster. */
const SERVER_ID_LENGTH = 16;

/**
 * A short, label-safe name of the server a project's database Secret names.
 * A host without a dot is a Service name that the Job's pod resolves in its
 * own namespace, so `postgres` in two namespaces is two servers; any other
 * host (a fully qualified name, an IP address) is the same server from
 * every namespace.
 */
export function databaseServerId(
  connection: Pick<DatabaseConnection, 'host' | 'port'>,
  namespace: string,
): string {
  const host = connection.host.trim().toLowerCase();
  const qualified =
    host.includes('.') || host.includes(':') ? host : `${host}.${namespace}`;
  return createHash('sha256')
    .update(`${qualified}:${connection.port}`)
    .digest('hex')
    .slice(0, SERVER_ID_LENGTH);
}

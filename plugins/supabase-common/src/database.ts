import { ProjectDatabase } from './project';
import { DatabaseSpec } from './projectSpec';

/** PostgreSQL's limit on identifiers (NAMEDATALEN - 1), in bytes. @public */
export const DATABASE_NAME_MAX_LENGTH = 63;

/** Marks the databases the plugin creates, and keeps names from starting with a digit. */
const DATABASE_NAME_PREFIX = 'supabase_';

/** Hex digits of the hash that keeps a truncated name unique. */
const HASH_LENGTH = 8;

/**
 * The maintenance database of a server Secret without a `database` key:
 * where the plugin connects to create a project's database. @public
 */
export const DEFAULT_MAINTENANCE_DATABASE = 'postgres';

/**
 * The name of the database the plugin creates for a project on a server:
 * `supabase_<namespace>_<name>` with "-" as "_", so an unquoted identifier
 * (lower-case letters, digits, "_"). Past 63 bytes it is cut and ends in a
 * hash of `<namespace>/<name>`, so that long names stay apart. The same
 * project always gets the same name, which lets a project recreated with
 * the same namespace and name find its database again. Two projects whose
 * names differ only in "-" against "_" placement (`a-b/c`, `a/b-c`) get the
 * same name; the database's claim then refuses the second one, naming the
 * first.
 *
 * @public
 */
export function projectDatabaseName(ref: {
  namespace: string;
  name: string;
}): string {
  const readable = `${DATABASE_NAME_PREFIX}${ref.namespace}_${ref.name}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  if (readable.length <= DATABASE_NAME_MAX_LENGTH) return readable;
  const hash = fnv1a(`${ref.namespace}/${ref.name}`);
  const kept = readable
    .slice(0, DATABASE_NAME_MAX_LENGTH - HASH_LENGTH - 1)
    .replace(/_+$/, '');
  return `${kept}_${hash}`;
}

/** FNV-1a, 32 bits, as hex: short, stable and the same in browsers and Node. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(HASH_LENGTH, '0');
}

/** Which Secret a project's database spec names, and what kind it is. @public */
export interface DatabaseSecret {
  /** The Secret's name in the project's namespace. */
  secretRef: string;
  /** `server`: the plugin creates the project's database on that server. */
  kind: 'database' | 'server';
}

/**
 * The Secret a (valid) database spec names: `serverSecretRef` when set,
 * otherwise `secretRef`.
 *
 * @public
 */
export function databaseSecretOf(database: DatabaseSpec): DatabaseSecret {
  return database.serverSecretRef
    ? { secretRef: database.serverSecretRef, kind: 'server' }
    : { secretRef: database.secretRef ?? '', kind: 'database' };
}

/**
 * What the API shows of a project's database: the derived name when the
 * plugin creates it, else the name recorded from its Secret, if known.
 *
 * @public
 */
export function describeProjectDatabase(
  ref: { namespace: string; name: string },
  database: DatabaseSpec,
  recordedName?: string,
): ProjectDatabase {
  if (databaseSecretOf(database).kind === 'server') {
    return { name: projectDatabaseName(ref), createdByPlugin: true };
  }
  return {
    ...(recordedName ? { name: recordedName } : {}),
    createdByPlugin: false,
  };
}

/**
 * `supabase.backstage.io/shared-by-owners: "true"` on a database or server
 * Secret: the platform shares that server between owners. Runs there
 * record the server shared, its projects warn, and its admin login is
 * revealed only to the platform team. Without it a server holds the
 * projects of one owner; a server is never both, so the platform marks
 * every Secret of a shared server (docs/decisions/0027). @public
 */
export const SHARED_BY_OWNERS_ANNOTATION =
  'supabase.backstage.io/shared-by-owners';

import { databaseSecretOf } from './database';
import { SupabaseProject } from './project';

/**
 * Where a failure message's log lines start: the backend appends the
 * db-init pod's last log lines after it, and describeProjectFailure splits
 * them off. @public
 */
export const FAILURE_LOG_LINES_MARKER = ' Last log lines:\n';

/** The Kubernetes object a failure concerns, and how to look at it. @public */
export interface FailureObject {
  kind: 'Secret' | 'ConfigMap' | 'Namespace';
  namespace?: string;
  name: string;
  /** A kubectl command that shows it (never a secret value). */
  inspect: string;
}

/** A Failed project's failure, in parts. @public */
export interface ProjectFailure {
  /** What went wrong, without the log lines. */
  summary: string;
  /** The object to fix, when the failure concerns one. */
  object?: FailureObject;
  /** What to do about it. */
  fix?: string;
  /** The db-init pod's last log lines, when the failure has them. */
  logLines?: string;
}

// The db-init run's failures: each is about the database its Secret names.
const DATABASE_FIXES: Record<string, string> = {
  DatabaseInitFailed:
    'Check host, port, username, password and database in the Secret: a PostgreSQL server must listen there and accept connections from the cluster (no network policy in the way). Correct the Secret or the server, then Retry on the Database initialization card.',
  DatabaseInitFailedPermanently:
    'Correct what the log lines name, in the Secret or on the server, then Retry on the Database initialization card.',
  DatabaseRejected:
    'The server refused the login: correct username, password and database in the Secret (or the server’s pg_hba.conf), then Retry.',
  NoCreateDatabasePrivilege:
    'Give the login in the Secret CREATEDB and CREATEROLE (or name a database that exists with a database Secret), then Retry.',
  DatabaseExists:
    'Choose another project name, or give the project a database Secret for that database.',
  DatabaseClaimed:
    'Give this project a database of its own (or let the plugin create one), or delete the project that holds the database.',
  ServerOwnedByAnotherOwner:
    'A database server holds the projects of one owner: its roles, Studio and its admin login reach every database on it. Use a server Secret (or database Secret) for a server of your own team, or ask the platform team to mark this server shared between owners (annotation supabase.backstage.io/shared-by-owners: "true" on every Secret of the server), then Retry.',
  ServerSharedUnmarkedSecret:
    'The platform shares this database server between owners (another Secret of it carries the annotation supabase.backstage.io/shared-by-owners: "true"), and this Secret, without the mark, would let its admin login reach every project’s database there. Ask the platform team to mark this Secret shared too, or use a server Secret for a server of your own team, then Retry.',
  RolesClaimed:
    'Projects on one server share Supabase’s roles: use the username and password the server’s other projects use, then Retry.',
};

// "Secret "ns/name"" and "ConfigMap "ns/name"", as dependency problems name them.
const NAMED_OBJECT = /\b(Secret|ConfigMap) "([^"/]+)\/([^"]+)"/;

function secretObject(namespace: string, name: string): FailureObject {
  return {
    kind: 'Secret',
    namespace,
    name,
    // The keys and their sizes, never the values.
    inspect: `kubectl -n ${namespace} describe secret ${name}`,
  };
}

function namedObject(message: string): FailureObject | undefined {
  const match = NAMED_OBJECT.exec(message);
  if (!match) return undefined;
  const [, kind, namespace, name] = match;
  if (kind === 'Secret') return secretObject(namespace, name);
  return {
    kind: 'ConfigMap',
    namespace,
    name,
    inspect: `kubectl -n ${namespace} get configmap ${name} -o yaml`,
  };
}

/**
 * A Failed project's message in parts: the summary, the object it
 * concerns (the database Secret for a db-init failure, else the Secret or
 * ConfigMap the message names), the fix, and the pod's last log lines.
 *
 * @public
 */
export function describeProjectFailure(
  project: Pick<SupabaseProject, 'namespace' | 'spec' | 'reason' | 'message'>,
): ProjectFailure {
  const message = project.message ?? project.reason ?? 'The project failed.';
  const split = message.indexOf(FAILURE_LOG_LINES_MARKER);
  const summary = split < 0 ? message : message.slice(0, split);
  const logLines =
    split < 0
      ? undefined
      : message.slice(split + FAILURE_LOG_LINES_MARKER.length);
  const reason = project.reason ?? '';

  let object: FailureObject | undefined;
  let fix: string | undefined;
  if (reason in DATABASE_FIXES) {
    const { secretRef } = databaseSecretOf(project.spec.database);
    object = secretObject(project.namespace, secretRef);
    fix = DATABASE_FIXES[reason];
  } else if (reason === 'NamespaceNotFound') {
    object = {
      kind: 'Namespace',
      name: project.namespace,
      inspect: `kubectl get namespace ${project.namespace}`,
    };
  } else {
    // Dependency problems say their fix in the message itself.
    object = namedObject(summary);
  }
  return {
    summary: summary.trim(),
    ...(object ? { object } : {}),
    ...(fix ? { fix } : {}),
    ...(logLines?.trim() ? { logLines: logLines.trimEnd() } : {}),
  };
}

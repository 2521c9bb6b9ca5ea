import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import {
  BASIC_AUTH_SECRET_KEYS,
  FUNCTION_KEY_PATTERN,
  OAUTH_SECRET_KEYS,
  ProjectSpec,
  SMTP_SECRET_KEYS,
  databaseSecretOf,
} from '@supabase-backstage/plugin-supabase-common';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { secretData } from './secretData';

/** Keys the database Secret must have. */
export const DATABASE_SECRET_KEYS = [
  'host',
  'port',
  'database',
  'username',
  'password',
];

/**
 * Keys the server Secret must have; `database` (the maintenance database)
 * is optional.
 */
export const SERVER_SECRET_KEYS = ['host', 'port', 'username', 'password'];

/** Keys the storage Secret must have. */
export const STORAGE_SECRET_KEYS = [
  'endpoint',
  'region',
  'bucket',
  'accessKeyId',
  'secretAccessKey',
];

/** What stands in the way of a spec in a namespace, each with its fix. */
export interface DependencyProblems {
  /** Set when the namespace itself is missing (nothing else is checked). */
  namespaceMissing?: string;
  problems: string[];
}

/**
 * Checks that the namespace and every Secret and ConfigMap a spec refers to
 * exist with the keys the pipeline reads. Used before provisioning and
 * before accepting a spec update.
 */
export async function findDependencyProblems(
  cluster: ClusterClient,
  namespace: string,
  spec: ProjectSpec,
): Promise<DependencyProblems> {
  const ns = await cluster.get({
    apiVersion: 'v1',
    kind: 'Namespace',
    name: namespace,
  });
  if (!ns) {
    return {
      namespaceMissing: `Namespace "${namespace}" does not exist. Create it (kubectl create namespace ${namespace}) and retry.`,
      problems: [],
    };
  }

  const problems: string[] = [];
  const databaseSecret = databaseSecretOf(spec.database);
  const { kind } = databaseSecret;
  const database = await checkSecret(
    cluster,
    namespace,
    databaseSecret.secretRef,
    kind === 'server' ? SERVER_SECRET_KEYS : DATABASE_SECRET_KEYS,
    kind,
  );
  if (database.problem) {
    problems.push(database.problem);
  } else if (!isPort(database.values!.port)) {
    problems.push(
      `The ${kind} Secret "${namespace}/${databaseSecret.secretRef}" key "port" must be a TCP port number (1-65535).`,
    );
  }
  if (spec.storage) {
    const storage = await checkSecret(
      cluster,
      namespace,
      spec.storage.secretRef,
      STORAGE_SECRET_KEYS,
      'storage',
    );
    if (storage.problem) problems.push(storage.problem);
  }
  if (spec.auth?.smtpSecretRef) {
    const smtp = await checkSecret(
      cluster,
      namespace,
      spec.auth.smtpSecretRef,
      [...SMTP_SECRET_KEYS],
      'SMTP',
    );
    if (smtp.problem) problems.push(smtp.problem);
  }
  for (const [provider, { secretRef }] of Object.entries(
    spec.auth?.oauthProviders ?? {},
  )) {
    const oauth = await checkSecret(
      cluster,
      namespace,
      secretRef,
      [...OAUTH_SECRET_KEYS],
      `${provider} OAuth`,
    );
    if (oauth.problem) problems.push(oauth.problem);
  }
  if (spec.ingress?.tlsSecretRef) {
    const tls = await checkSecret(
      cluster,
      namespace,
      spec.ingress.tlsSecretRef,
      ['tls.crt', 'tls.key'],
      'Ingress TLS',
    );
    if (tls.problem) problems.push(tls.problem);
  }
  const custom = spec.dbInit?.customSqlConfigMap;
  if (custom) {
    const configMap = await cluster.get<V1ConfigMap>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace,
      name: custom,
    });
    if (!configMap) {
      problems.push(
        `ConfigMap "${namespace}/${custom}" (custom SQL scripts) does not exist. Create it or remove dbInit.customSqlConfigMap.`,
      );
    } else if (
      !Object.keys(configMap.data ?? {}).some(key => key.endsWith('.sql'))
    ) {
      problems.push(
        `ConfigMap "${namespace}/${custom}" (custom SQL scripts) has no key ending in ".sql".`,
      );
    }
  }
  problems.push(...(await basicAuthProblems(cluster, namespace, spec)));
  problems.push(...(await functionsProblems(cluster, namespace, spec)));
  return { problems };
}

/**
 * The dashboard's basic-auth Secret: both keys, and values Kong can take
 * (printable, a user name without ":", which basic auth cannot carry).
 */
async function basicAuthProblems(
  cluster: ClusterClient,
  namespace: string,
  spec: ProjectSpec,
): Promise<string[]> {
  const name = spec.studio?.basicAuthSecretRef;
  if (!name) return [];
  const { problem, values } = await checkSecret(
    cluster,
    namespace,
    name,
    [...BASIC_AUTH_SECRET_KEYS],
    'dashboard basic-auth',
  );
  if (problem) return [problem];
  const problems: string[] = [];
  for (const key of BASIC_AUTH_SECRET_KEYS) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(values![key])) {
      problems.push(
        `The dashboard basic-auth Secret "${namespace}/${name}" key "${key}" contains a line break or another control character (a file's trailing newline?). Store the value alone.`,
      );
    }
  }
  if (values!.username.includes(':')) {
    problems.push(
      `The dashboard basic-auth Secret "${namespace}/${name}" key "username" contains ":", which basic auth cannot carry in a user name.`,
    );
  }
  return problems;
}

/** The user's functions ConfigMap, when named: there, with functions in it. */
async function functionsProblems(
  cluster: ClusterClient,
  namespace: string,
  spec: ProjectSpec,
): Promise<string[]> {
  const name = spec.functions?.enabled && spec.functions.configMapRef;
  if (!name) return [];
  const configMap = await cluster.get<V1ConfigMap>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace,
    name,
  });
  if (!configMap) {
    return [
      `ConfigMap "${namespace}/${name}" (edge functions) does not exist. Create it with a "<name>.ts" key per function, or remove functions.configMapRef.`,
    ];
  }
  const keys = Object.keys(configMap.data ?? {}).filter(k => k.endsWith('.ts'));
  const unusable = keys.filter(key => !FUNCTION_KEY_PATTERN.test(key));
  if (keys.length === 0 || unusable.length > 0) {
    return [
      `ConfigMap "${namespace}/${name}" (edge functions) ${
        keys.length === 0
          ? 'has no function'
          : `has keys that are no function name: ${unusable
              .map(k => `"${k}"`)
              .join(', ')}`
      }: name each key "<name>.ts", with letters, digits, "_" and "-" in the name.`,
    ];
  }
  return [];
}

async function checkSecret(
  cluster: ClusterClient,
  namespace: string,
  name: string,
  keys: string[],
  what: string,
): Promise<{ problem?: string; values?: Record<string, string> }> {
  const secret = await cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name,
  });
  if (!secret) {
    return {
      problem: `The ${what} Secret "${namespace}/${name}" does not exist. Create it with the keys ${keys.join(
        ', ',
      )}.`,
    };
  }
  const values = secretData(secret);
  const missing = keys.filter(key => !values[key]);
  if (missing.length > 0) {
    return {
      problem: `The ${what} Secret "${namespace}/${name}" is missing ${
        missing.length === 1 ? 'key' : 'keys'
      } ${missing.map(k => `"${k}"`).join(', ')}. Add ${
        missing.length === 1 ? 'it' : 'them'
      } to the Secret and retry.`,
    };
  }
  return { values };
}

function isPort(value: string): boolean {
  return (
    /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535
  );
}

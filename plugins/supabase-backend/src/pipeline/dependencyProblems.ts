import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import {
  OAUTH_SECRET_KEYS,
  ProjectSpec,
  SMTP_SECRET_KEYS,
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
  const database = await checkSecret(
    cluster,
    namespace,
    spec.database.secretRef,
    DATABASE_SECRET_KEYS,
    'database',
  );
  if (database.problem) {
    problems.push(database.problem);
  } else if (!isPort(database.values!.port)) {
    problems.push(
      `The database Secret "${namespace}/${spec.database.secretRef}" key "port" must be a TCP port number (1-65535).`,
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
  return { problems };
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

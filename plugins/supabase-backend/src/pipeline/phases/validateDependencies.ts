import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { PipelineContext, PhaseStep, StepResult } from '../types';
import { secretData } from '../secretData';

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

/**
 * ValidatingDependencies: the namespace and every referenced Secret and
 * ConfigMap exist with the keys the later phases read. Fails naming what is
 * missing and how to fix it.
 */
export const validateDependencies: PhaseStep = async (ctx, project) => {
  const { namespace } = project;
  const ns = await ctx.cluster.get({
    apiVersion: 'v1',
    kind: 'Namespace',
    name: namespace,
  });
  if (!ns) {
    return failed(
      'NamespaceNotFound',
      `Namespace "${namespace}" does not exist. Create it (kubectl create namespace ${namespace}) and retry.`,
    );
  }

  const problems: string[] = [];
  const database = await checkSecret(
    ctx,
    namespace,
    project.spec.database.secretRef,
    DATABASE_SECRET_KEYS,
    'database',
  );
  if (database.problem) {
    problems.push(database.problem);
  } else if (!isPort(database.values!.port)) {
    problems.push(
      `The database Secret "${namespace}/${project.spec.database.secretRef}" key "port" must be a TCP port number (1-65535).`,
    );
  }
  if (project.spec.storage) {
    const storage = await checkSecret(
      ctx,
      namespace,
      project.spec.storage.secretRef,
      STORAGE_SECRET_KEYS,
      'storage',
    );
    if (storage.problem) problems.push(storage.problem);
  }
  const custom = project.spec.dbInit?.customSqlConfigMap;
  if (custom) {
    const configMap = await ctx.cluster.get<V1ConfigMap>({
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
  if (problems.length > 0) {
    return failed('DependencyInvalid', problems.join(' '));
  }
  return {
    next: {
      to: 'InitializingDatabase',
      reason: 'DependenciesValid',
      message: 'The namespace and every referenced Secret are in place',
    },
  };
};

function failed(reason: string, message: string): StepResult {
  return { next: { to: 'Failed', reason, message } };
}

async function checkSecret(
  ctx: PipelineContext,
  namespace: string,
  name: string,
  keys: string[],
  what: string,
): Promise<{ problem?: string; values?: Record<string, string> }> {
  const secret = await ctx.cluster.get<V1Secret>({
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

import type { V1Secret } from '@kubernetes/client-node';
import {
  buildConnectionSecret,
  buildProjectSecrets,
  objectNames,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import { ensureAnchor } from '../ensureAnchor';
import { secretData } from '../secretData';
import { PhaseStep } from '../types';

/**
 * DeployingSecrets: the project's keys (anon and service_role JWTs signed
 * with its JWT secret, the meta crypto key, ...) and the per-component
 * connection settings, in Secrets the components reference by name.
 * Values already there are kept, so running this twice changes nothing.
 */
export const deploySecrets: PhaseStep = async (ctx, project) => {
  const owner = await ensureAnchor(ctx, project);
  const names = objectNames(project.name);
  const existing = await ctx.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: names.jwtSecret,
  });
  const database = await ctx.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: project.spec.database.secretRef,
  });
  if (!database) {
    return {
      next: {
        to: 'Failed',
        reason: 'DependencyInvalid',
        message: `The database Secret "${project.namespace}/${project.spec.database.secretRef}" disappeared. Create it again and retry.`,
      },
    };
  }
  const db = secretData(database);
  await applyObjects(ctx, [
    await buildProjectSecrets(
      project,
      owner,
      existing ? secretData(existing) : {},
    ),
    buildConnectionSecret(project, owner, {
      host: db.host,
      port: db.port,
      database: db.database,
      username: db.username,
      password: db.password,
      sslMode: project.spec.database.sslMode ?? 'require',
    }),
  ]);
  return {
    next: {
      to: 'DeployingComponents',
      reason: 'SecretsDeployed',
      message: `Keys and connection settings are in Secrets ${names.jwtSecret} and ${names.roles}`,
    },
  };
};

import type { V1Secret } from '@kubernetes/client-node';
import {
  buildProjectSecrets,
  buildRolesSecret,
  objectNames,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import { ensureAnchor } from '../ensureAnchor';
import { databaseSecretGone, readRoleCredentials } from '../roleCredentials';
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
  const roles = await readRoleCredentials(ctx, project);
  if (!roles) return databaseSecretGone(project);
  await applyObjects(ctx, [
    await buildProjectSecrets(
      project,
      owner,
      existing ? secretData(existing) : {},
    ),
    buildRolesSecret(project, owner, roles.connection, roles),
  ]);
  return {
    next: {
      to: 'DeployingComponents',
      reason: 'SecretsDeployed',
      message: `Keys and connection settings are in Secrets ${names.jwtSecret} and ${names.roles}`,
    },
  };
};

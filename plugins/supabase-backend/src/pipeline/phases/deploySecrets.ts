import {
  buildProjectSecrets,
  buildRolesSecret,
  objectNames,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import { ensureAnchor } from '../ensureAnchor';
import { projectKeys } from '../keyMaterial';
import { databaseSecretGone, readRoleCredentials } from '../roleCredentials';
import { PhaseStep } from '../types';

/**
 * DeployingSecrets: the project's keys (anon and service_role JWTs signed
 * with its JWT secret, the meta crypto key, ...) and the per-component
 * connection settings, in Secrets the components reference by name.
 * The keys are the store's (docs/decisions/0011), so running this twice,
 * or after the Secret was deleted, changes nothing.
 */
export const deploySecrets: PhaseStep = async (ctx, project) => {
  const owner = await ensureAnchor(ctx, project);
  const names = objectNames(project.name);
  const keys = await projectKeys(ctx, project);
  if (!keys) return {};
  const roles = await readRoleCredentials(ctx, project);
  if (!roles) return databaseSecretGone(project);
  await applyObjects(ctx, [
    await buildProjectSecrets(project, owner, keys),
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

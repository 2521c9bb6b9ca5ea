import type { V1Secret } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import {
  CredentialVersions,
  databaseVersionOf,
  objectNames,
  rolesVersionOf,
  signingSecretVersion,
} from '../resources';
import { secretData } from './secretData';
import { PipelineContext } from './types';

/**
 * The version of the keys in a project's `<project>-jwt` Secret: of all of
 * them, since the components read them at start (a new signing key, the
 * legacy keys switched, a rotated secret).
 */
export function keysVersionOf(
  secret: V1Secret | undefined,
): string | undefined {
  if (!secret) return undefined;
  const values = secretData(secret);
  if (!values.jwtSecret) return undefined;
  const all = Object.keys(values)
    .sort()
    .map(key => `${key}\0${values[key]}`)
    .join('\0');
  return signingSecretVersion(all);
}

/**
 * The versions of the credentials in the Secrets the components read (the
 * signing secret in `<project>-jwt`, the role passwords in
 * `<project>-roles`): pod templates carry them, so the components restart
 * exactly when what they read has changed.
 */
export async function readComponentCredentialVersions(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<CredentialVersions> {
  const names = objectNames(project.name);
  const [jwt, roles] = await Promise.all(
    [names.jwtSecret, names.roles].map(name =>
      ctx.cluster.get<V1Secret>({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: project.namespace,
        name,
      }),
    ),
  );
  return {
    keysVersion: keysVersionOf(jwt),
    rolesVersion: rolesVersionOf(roles),
    databaseVersion: databaseVersionOf(roles),
  };
}

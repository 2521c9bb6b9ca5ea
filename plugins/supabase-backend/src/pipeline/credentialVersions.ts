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

/** The version of the signing secret in a project's `<project>-jwt` Secret. */
export function keysVersionOf(
  secret: V1Secret | undefined,
): string | undefined {
  const jwtSecret = secret ? secretData(secret).jwtSecret : undefined;
  return jwtSecret ? signingSecretVersion(jwtSecret) : undefined;
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

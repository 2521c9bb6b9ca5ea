import type { V1Secret } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { objectNames, signingSecretVersion } from '../resources';
import { secretData } from './secretData';
import { PipelineContext } from './types';

/** The version of the signing secret in a project's `<project>-jwt` Secret. */
export function keysVersionOf(
  secret: V1Secret | undefined,
): string | undefined {
  const jwtSecret = secret ? secretData(secret).jwtSecret : undefined;
  return jwtSecret ? signingSecretVersion(jwtSecret) : undefined;
}

/** Reads the project's signing secret version from the cluster, once it exists. */
export async function readKeysVersion(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<string | undefined> {
  return keysVersionOf(
    await ctx.cluster.get<V1Secret>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: project.namespace,
      name: objectNames(project.name).jwtSecret,
    }),
  );
}

import type { V1Secret } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import { ProjectRecord } from '../database/ProjectStore';
import { secretData } from '../pipeline/secretData';
import { newSigningKeys, objectNames } from '../resources';
import { requireRunning, RotationDeps } from './requireRunning';

/**
 * Gives a Running project a new JWT secret with freshly signed anon and
 * service_role keys. The pipeline follows by itself: the new settings make
 * a db-init run that writes them to the database, then every component
 * restarts with them (see keepRunning and the keys-version annotation).
 */
export async function rotateJwtSecret(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<ProjectRecord> {
  requireRunning(project, 'JWT secret');
  const name = objectNames(project.name).jwtSecret;
  const secret = await deps.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name,
  });
  if (!secret) {
    throw new ConflictError(
      `Secret ${project.namespace}/${name} is missing; the pipeline recreates it, try again shortly`,
    );
  }
  const values: Record<string, string> = {
    ...secretData(secret),
    ...(await newSigningKeys()),
  };
  const data: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) {
    data[key] = Buffer.from(values[key], 'utf8').toString('base64');
  }
  // The read resourceVersion makes a concurrent change fail, not vanish.
  await deps.cluster.replace<V1Secret>({
    ...secret,
    data,
    stringData: undefined,
  });
  await deps.store.addEvent(project.uid, {
    reason: 'JwtSecretRotated',
    message:
      'New JWT secret; anon and service_role keys signed again. The database and the components follow.',
  });
  deps.worker.kick(project.uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}

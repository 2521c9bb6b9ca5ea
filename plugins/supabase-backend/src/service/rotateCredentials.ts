import type { V1Secret } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { secretData } from '../pipeline/secretData';
import { credentialsKey, newSigningKeys, objectNames } from '../resources';
import { ProjectWorker } from '../worker/ProjectWorker';

type RotationDeps = {
  store: ProjectStore;
  cluster: ClusterClient;
  worker: ProjectWorker;
};

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
  mustBeRunning(project, 'JWT secret');
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

/**
 * Moves the database credentials a Running project uses to their next
 * role-password generation. The roles are server-wide, so every project
 * using the same credentials moves with it; the pipeline follows by itself
 * for each: the roles Secret gets the new passwords, a db-init run sets them
 * in the database (01-roles.sql), then the components restart with them
 * (the roles-version annotation).
 */
export async function rotateRolePasswords(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<ProjectRecord> {
  mustBeRunning(project, 'database role passwords');
  const database = await deps.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: project.spec.database.secretRef,
  });
  if (!database) {
    throw new ConflictError(
      `The database Secret ${project.namespace}/${project.spec.database.secretRef} is missing; create it again first`,
    );
  }
  const { username, password } = secretData(database);
  const generation = await deps.store.advanceRolePasswordGeneration(
    credentialsKey({ username, password }),
  );
  await deps.store.addEvent(project.uid, {
    reason: 'RolePasswordsRotated',
    message: `New passwords for the database roles the components use (generation ${generation}). The database and the components follow, here and in every project that uses the same database credentials.`,
  });
  // The projects sharing the credentials follow now, not at the next resync.
  for (const uid of await deps.store.listProjectUids()) deps.worker.kick(uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}

function mustBeRunning(project: ProjectRecord, what: string) {
  if (project.phase !== 'Running') {
    throw new ConflictError(
      `Project ${project.namespace}/${project.name} is ${project.phase}; its ${what} can be rotated once it is Running`,
    );
  }
}

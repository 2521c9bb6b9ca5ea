import type { V1Secret } from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { secretData } from '../pipeline/secretData';
import {
  ROLE_PASSWORD_GENERATION_ANNOTATION,
  newSigningKeys,
  objectNames,
  rolePasswordGeneration,
} from '../resources';
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
  return rotate(deps, project, {
    what: 'JWT secret',
    secretName: objectNames(project.name).jwtSecret,
    change: async secret => {
      const values: Record<string, string> = {
        ...secretData(secret),
        ...(await newSigningKeys()),
      };
      const data: Record<string, string> = {};
      for (const key of Object.keys(values).sort()) {
        data[key] = Buffer.from(values[key], 'utf8').toString('base64');
      }
      return { ...secret, data, stringData: undefined };
    },
    event: () => ({
      reason: 'JwtSecretRotated',
      message:
        'New JWT secret; anon and service_role keys signed again. The database and the components follow.',
    }),
  });
}

/**
 * Moves a Running project's component roles to the next role-password
 * generation. The pipeline follows by itself: the roles Secret gets the new
 * passwords, a db-init run sets them in the database (01-roles.sql), then
 * every component restarts with them (the roles-version annotation).
 */
export async function rotateRolePasswords(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<ProjectRecord> {
  let generation = 0;
  return rotate(deps, project, {
    what: 'database role passwords',
    secretName: objectNames(project.name).roles,
    change: async secret => {
      generation = rolePasswordGeneration(secret) + 1;
      return {
        ...secret,
        metadata: {
          ...secret.metadata,
          annotations: {
            ...secret.metadata?.annotations,
            [ROLE_PASSWORD_GENERATION_ANNOTATION]: String(generation),
          },
        },
      };
    },
    event: () => ({
      reason: 'RolePasswordsRotated',
      message: `New passwords for the database roles the components use (generation ${generation}). The database and the components follow; other projects on the same PostgreSQL server share these roles and need the same rotation.`,
    }),
  });
}

async function rotate(
  deps: RotationDeps,
  project: ProjectRecord,
  rotation: {
    what: string;
    secretName: string;
    change: (secret: V1Secret) => Promise<V1Secret>;
    event: () => { reason: string; message: string };
  },
): Promise<ProjectRecord> {
  const ref = `${project.namespace}/${project.name}`;
  if (project.phase !== 'Running') {
    throw new ConflictError(
      `Project ${ref} is ${project.phase}; its ${rotation.what} can be rotated once it is Running`,
    );
  }
  const secret = await deps.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: rotation.secretName,
  });
  if (!secret) {
    throw new ConflictError(
      `Secret ${project.namespace}/${rotation.secretName} is missing; the pipeline recreates it, try again shortly`,
    );
  }
  // The read resourceVersion makes a concurrent change fail, not vanish.
  await deps.cluster.replace<V1Secret>(await rotation.change(secret));
  await deps.store.addEvent(project.uid, rotation.event());
  deps.worker.kick(project.uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}

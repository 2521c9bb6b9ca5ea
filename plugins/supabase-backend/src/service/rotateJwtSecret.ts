import { ConflictError } from '@backstage/errors';
import { ProjectRecord } from '../database/ProjectStore';
import { UnreadableSecretError } from '../database/SecretsCipher';
import { KEY_MATERIAL_MISSING, readOrAdoptKeys } from '../pipeline/keyMaterial';
import { hasWarning } from '../pipeline/projectWarnings';
import { completeProjectKeys, newSigningKeys } from '../resources';
import { requireRunning, RotationDeps } from './requireRunning';

/**
 * Gives a Running project a new JWT secret with freshly signed anon and
 * service_role keys, written to the store, the keys' source of truth. The
 * pipeline follows by itself: the new settings make a db-init run that
 * writes them to the database, the `<project>-jwt` Secret gets them, then
 * every component restarts with them (see keepRunning and the keys-version
 * annotation).
 *
 * It is also the explicit action for a project whose keys are gone from both
 * the store and the cluster (in whatever phase it waits): it gets a whole
 * new set, since nothing of the old one is left (docs/decisions/0011).
 */
export async function rotateJwtSecret(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<ProjectRecord> {
  if (!hasWarning(project, KEY_MATERIAL_MISSING)) {
    requireRunning(project, 'JWT secret');
  }
  let current;
  try {
    current = (await readOrAdoptKeys(deps, project)).keys;
  } catch (error) {
    if (!(error instanceof UnreadableSecretError)) throw error;
    throw new ConflictError(
      `${error.message}. Rotating now would lose the keys it holds; fix the key first`,
    );
  }
  const keys = current
    ? { ...current, ...(await newSigningKeys()) }
    : await completeProjectKeys({});
  await deps.keys.replace(project.uid, keys);
  await deps.store.addEvent(
    project.uid,
    current
      ? {
          reason: 'JwtSecretRotated',
          message:
            'New JWT secret; anon and service_role keys signed again. The database and the components follow.',
        }
      : {
          reason: 'KeyMaterialRegenerated',
          message:
            'The keys were gone; a new set was made on request (JWT secret, API keys, crypto keys, dashboard password). The database and the components follow.',
        },
  );
  deps.worker.kick(project.uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}

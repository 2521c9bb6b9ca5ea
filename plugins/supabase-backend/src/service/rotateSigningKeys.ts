import { ConflictError, NotFoundError } from '@backstage/errors';
import { SigningKeyInfo } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { UnreadableSecretError } from '../database/SecretsCipher';
import { readOrAdoptKeys } from '../pipeline/keyMaterial';
import {
  ProjectKeys,
  SigningKeyRotationStep,
  describeSigningKey,
  parseSigningKeys,
  rotateProjectSigningKeys,
} from '../resources';
import { requireRunning, RotationDeps } from './requireRunning';

/** The timeline event of each step; each starts a rollout. */
export const SIGNING_KEY_EVENTS: Record<
  SigningKeyRotationStep['step'],
  { reason: string; message: (kid: string) => string }
> = {
  'create-standby': {
    reason: 'SigningKeyCreated',
    message: kid =>
      `New signing key ${kid} on standby: every component that verifies tokens knows it before it signs. Make it current next.`,
  },
  'make-current': {
    reason: 'SigningKeyMadeCurrent',
    message: kid =>
      `Signing key ${kid} now signs Auth's tokens; the key before it still verifies the tokens it signed until it is revoked.`,
  },
  revoke: {
    reason: 'SigningKeyRevoked',
    message: kid =>
      `Signing key ${kid} is revoked: tokens it signed no longer verify anywhere.`,
  },
};

async function storedKeys(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<ProjectKeys> {
  let keys;
  try {
    keys = (await readOrAdoptKeys(deps, project)).keys;
  } catch (error) {
    if (!(error instanceof UnreadableSecretError)) throw error;
    throw new ConflictError(
      `${error.message}. The signing keys cannot be read or rotated until the key is back`,
    );
  }
  if (!keys) {
    throw new ConflictError(
      `Project ${project.namespace}/${project.name} has no keys yet`,
    );
  }
  return keys;
}

/** A project's signing keys with their states; never a private part. */
export async function listSigningKeys(
  deps: RotationDeps,
  project: ProjectRecord,
): Promise<SigningKeyInfo[]> {
  const keys = await storedKeys(deps, project);
  return parseSigningKeys(keys.signingKeys).map(describeSigningKey);
}

/**
 * One step of a signing-key rotation on a Running project: the store gets
 * the new keys first, then the project's generation moves on with the
 * step on its timeline, so the pipeline rolls the components out with the
 * new keys and follows the rollout as it does a spec change.
 */
export async function rotateSigningKey(
  deps: RotationDeps,
  project: ProjectRecord,
  step: SigningKeyRotationStep,
): Promise<ProjectRecord> {
  requireRunning(project, 'signing keys');
  const keys = await storedKeys(deps, project);
  const signingKeys = parseSigningKeys(keys.signingKeys);
  if ('kid' in step && !signingKeys.some(k => k.kid === step.kid)) {
    throw new NotFoundError(
      `Project ${project.namespace}/${project.name} has no signing key ${step.kid}`,
    );
  }
  let rotated: ProjectKeys;
  try {
    rotated = await rotateProjectSigningKeys(keys, step);
  } catch (error) {
    throw new ConflictError((error as Error).message);
  }
  await deps.keys.replace(project.uid, rotated);
  const kid =
    'kid' in step
      ? step.kid
      : parseSigningKeys(rotated.signingKeys).find(k => k.state === 'standby')!
          .kid;
  const event = SIGNING_KEY_EVENTS[step.step];
  // The same spec, a new generation: the components roll out with the
  // new keys. Should someone else's update come first, its rollout
  // carries them.
  await deps.store.updateSpec(project.uid, {
    generation: project.generation,
    spec: project.spec,
    event: { reason: event.reason, message: event.message(kid) },
  });
  deps.worker.kick(project.uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}

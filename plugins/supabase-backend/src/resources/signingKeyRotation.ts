import { ProjectKeys } from './secrets';
import {
  SigningKeyRotationStep,
  currentKey,
  parseSigningKeys,
  rotateSigningKeys,
  signAsymmetricApiKey,
} from './signingKeys';

/**
 * A project's keys after one signing-key rotation step. When another key
 * becomes current, the anon and service_role tokens the gateway passes on
 * for the publishable and secret keys are signed again with it, so that
 * they keep verifying once the previous key is revoked. The publishable
 * and secret keys themselves stay: clients keep what they hold.
 */
export async function rotateProjectSigningKeys(
  keys: ProjectKeys,
  step: SigningKeyRotationStep,
): Promise<ProjectKeys> {
  const before = parseSigningKeys(keys.signingKeys);
  const after = rotateSigningKeys(before, step);
  const resign = currentKey(after).kid !== currentKey(before).kid;
  return {
    ...keys,
    signingKeys: JSON.stringify(after),
    ...(resign
      ? {
          anonKeyAsymmetric: await signAsymmetricApiKey(after, 'anon'),
          serviceKeyAsymmetric: await signAsymmetricApiKey(
            after,
            'service_role',
          ),
        }
      : {}),
  };
}

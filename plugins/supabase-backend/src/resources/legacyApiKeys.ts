import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';

/**
 * Whether a project accepts the legacy `anon` and `service_role` keys. A
 * spec without the switch is one from before the new keys: they stay on,
 * so nothing its clients hold stops working. New projects get the switch
 * written when they are created (see defaultApiKeys).
 */
export function legacyApiKeysOn(spec: Pick<ProjectSpec, 'apiKeys'>): boolean {
  return spec.apiKeys?.legacy ?? true;
}

/**
 * A new project's spec: the legacy keys off unless it asks for them, as
 * upstream's new projects have only the publishable and secret keys.
 */
export function withNewProjectApiKeys(spec: ProjectSpec): ProjectSpec {
  return { ...spec, apiKeys: { legacy: false, ...spec.apiKeys } };
}

/**
 * A project's public keys for its status, from its keys: the publishable
 * key, and the anon key only while the legacy keys are on.
 */
export function publicKeys(
  spec: Pick<ProjectSpec, 'apiKeys'>,
  keys: Partial<Record<'anonKey' | 'publishableKey', string>>,
): { anonKey?: string; publishableKey?: string } {
  return {
    anonKey: legacyApiKeysOn(spec) ? keys.anonKey : undefined,
    publishableKey: keys.publishableKey,
  };
}

/** A project's generated keys, by the key of the `<project>-jwt` Secret. */
export type KeyMaterial = Record<string, string>;

/**
 * Where each project's generated keys are kept: the source of truth its
 * `<project>-jwt` Secret is restored from (see docs/decisions/0011).
 * Implementations keep them encrypted.
 */
export interface KeyMaterialStore {
  /**
   * The project's keys; undefined when none are stored. Throws
   * UnreadableSecretError when they cannot be decrypted: never read that
   * as "none".
   */
  get(projectUid: string): Promise<KeyMaterial | undefined>;
  /**
   * Stores the keys unless some are stored already; returns what is stored,
   * so that two replicas that both generated keys agree on the first.
   */
  create(projectUid: string, material: KeyMaterial): Promise<KeyMaterial>;
  /** Replaces the keys: only a rotation does this. */
  replace(projectUid: string, material: KeyMaterial): Promise<void>;
  delete(projectUid: string): Promise<void>;
}

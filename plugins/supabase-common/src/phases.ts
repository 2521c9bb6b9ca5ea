/**
 * The phases a Supabase project moves through, in order. `Failed` can be
 * reached from any of them and `Deleting` from any phase once deletion starts.
 *
 * @public
 */
export const PROVISIONING_PHASES = [
  'Pending',
  'ValidatingDependencies',
  'InitializingDatabase',
  'DeployingSecrets',
  'DeployingComponents',
  'Running',
] as const;

/** @public */
export type ProvisioningPhase = (typeof PROVISIONING_PHASES)[number];

/** @public */
export type ProjectPhase = ProvisioningPhase | 'Failed' | 'Deleting';

/** @public */
export const PROJECT_PHASES: readonly ProjectPhase[] = [
  ...PROVISIONING_PHASES,
  'Failed',
  'Deleting',
];

/** @public */
export function isProjectPhase(value: unknown): value is ProjectPhase {
  return PROJECT_PHASES.includes(value as ProjectPhase);
}

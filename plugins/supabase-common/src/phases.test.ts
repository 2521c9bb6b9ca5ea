import { PROJECT_PHASES, PROVISIONING_PHASES, isProjectPhase } from './phases';

describe('phases', () => {
  it('lists the provisioning phases in the order the pipeline runs them', () => {
    expect(PROVISIONING_PHASES).toEqual([
      'Pending',
      'ValidatingDependencies',
      'InitializingDatabase',
      'DeployingSecrets',
      'DeployingComponents',
      'Running',
    ]);
    expect(PROJECT_PHASES).toContain('Failed');
    expect(PROJECT_PHASES).toContain('Deleting');
  });

  it('recognises phases and rejects anything else', () => {
    expect(isProjectPhase('Running')).toBe(true);
    expect(isProjectPhase('running')).toBe(false);
    expect(isProjectPhase(undefined)).toBe(false);
  });
});

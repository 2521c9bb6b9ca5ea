import {
  ProjectEvent,
  ProjectPhase,
} from '@supabase-backstage/plugin-supabase-common';
import { buildTimeline } from './timeline';

let nextId = 1;
function event(
  phase: ProjectPhase,
  minute: number,
  message = `${phase} message`,
): ProjectEvent {
  return {
    id: nextId++,
    phase,
    reason: `${phase}Reason`,
    message,
    createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  };
}

function project(phase: ProjectPhase, message?: string) {
  return { phase, message, phaseChangedAt: '2026-01-01T00:59:00.000Z' };
}

function states(entries: ReturnType<typeof buildTimeline>) {
  return entries.map(entry => `${entry.phase}:${entry.state}`);
}

describe('buildTimeline', () => {
  it('marks passed phases done, the current one active and the rest not reached', () => {
    const events = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('InitializingDatabase', 3, 'Job created'),
      event('InitializingDatabase', 4, 'Attempt 2 started'),
    ];
    const entries = buildTimeline(events, project('InitializingDatabase'));
    expect(states(entries)).toEqual([
      'Pending:done',
      'ValidatingDependencies:done',
      'InitializingDatabase:active',
      'DeployingSecrets:pending',
      'DeployingComponents:pending',
      'Running:pending',
    ]);
    expect(entries[1]).toMatchObject({
      startedAt: '2026-01-01T00:01:00.000Z',
      endedAt: '2026-01-01T00:03:00.000Z',
    });
    expect(entries[2]).toMatchObject({
      startedAt: '2026-01-01T00:03:00.000Z',
      endedAt: undefined,
      message: 'Attempt 2 started',
    });
    expect(entries[3].startedAt).toBeUndefined();
  });

  it('tells how each passed phase ended, by the change that left it', () => {
    const events = [
      event('Pending', 0, 'Created by user:default/jane'),
      event('ValidatingDependencies', 1, 'Accepted for provisioning'),
      event('InitializingDatabase', 2, 'Every Secret is in place'),
      event('InitializingDatabase', 3, 'db-init run 1 started'),
      event('DeployingSecrets', 4, '8 files applied'),
    ];
    const entries = buildTimeline(events, project('DeployingSecrets'));
    expect(entries.map(e => e.message)).toEqual([
      'Accepted for provisioning',
      'Every Secret is in place',
      '8 files applied',
      '8 files applied',
      undefined,
      undefined,
    ]);
  });

  it('marks every phase done once Running', () => {
    const events = [
      'Pending',
      'ValidatingDependencies',
      'InitializingDatabase',
      'DeployingSecrets',
      'DeployingComponents',
      'Running',
    ].map((phase, i) => event(phase as ProjectPhase, i));
    expect(
      states(buildTimeline(events, project('Running'))).every(s =>
        s.endsWith(':done'),
      ),
    ).toBe(true);
  });

  it('shows the failed phase with the failure message', () => {
    const events = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('Failed', 2, 'Secret team-a/db has no key "password"'),
    ];
    const entries = buildTimeline(events, project('Failed'));
    expect(states(entries)).toEqual([
      'Pending:done',
      'ValidatingDependencies:failed',
      'InitializingDatabase:pending',
      'DeployingSecrets:pending',
      'DeployingComponents:pending',
      'Running:pending',
    ]);
    expect(entries[1]).toMatchObject({
      startedAt: '2026-01-01T00:01:00.000Z',
      endedAt: '2026-01-01T00:02:00.000Z',
      message: 'Secret team-a/db has no key "password"',
      reason: 'FailedReason',
    });
  });

  it('falls back to the project message when the events are missing', () => {
    const entries = buildTimeline(
      [],
      project('Failed', 'database unreachable'),
    );
    expect(entries[0]).toMatchObject({
      state: 'failed',
      message: 'database unreachable',
    });
  });

  it('follows a retry: the newest entry of each phase counts', () => {
    const events = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('InitializingDatabase', 2),
      event('Failed', 3, 'retries spent'),
      event('InitializingDatabase', 10, 'Retry'),
    ];
    const entries = buildTimeline(events, project('InitializingDatabase'));
    expect(states(entries).slice(0, 3)).toEqual([
      'Pending:done',
      'ValidatingDependencies:done',
      'InitializingDatabase:active',
    ]);
    expect(entries[2].startedAt).toBe('2026-01-01T00:10:00.000Z');
  });

  it('adds Deleting and marks the phase it interrupted', () => {
    const events = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('Deleting', 5),
    ];
    const entries = buildTimeline(events, project('Deleting'));
    expect(states(entries)).toEqual([
      'Pending:done',
      'ValidatingDependencies:interrupted',
      'InitializingDatabase:pending',
      'DeployingSecrets:pending',
      'DeployingComponents:pending',
      'Running:pending',
      'Deleting:active',
    ]);
    expect(entries[1].endedAt).toBe('2026-01-01T00:05:00.000Z');
    expect(entries[6].startedAt).toBe('2026-01-01T00:05:00.000Z');
  });

  it('lists updates and their rollouts apart from how Running was reached', () => {
    const provisioning = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('InitializingDatabase', 2),
      event('DeployingSecrets', 3),
      event('DeployingComponents', 4),
      event('Running', 5, 'Every component is available'),
    ];
    const change = (reason: string, minute: number, message: string) => ({
      ...event('Running', minute, message),
      reason,
    });
    const events = [
      ...provisioning,
      change('SpecChanged', 10, 'Generation 2: components.rest.replicas 1 → 3'),
      change('RolloutFailed', 15, 'Generation 2 was not available'),
      change('SpecChanged', 20, 'Generation 3: functions off'),
      change('ObjectsRemoved', 21, 'No longer in the spec, removed: x'),
      change('RolloutComplete', 22, 'Generation 3 is rolled out'),
      change('DriftRepaired', 30, 'Recreated what had gone missing: y'),
    ];
    const running = buildTimeline(events, project('Running'))[5];
    expect(running).toMatchObject({
      phase: 'Running',
      state: 'done',
      message: 'Every component is available',
    });
    // The newest few, oldest first.
    expect(running.activity?.map(a => `${a.label}:${a.severity}`)).toEqual([
      'Rollout failed:warning',
      'Spec changed:info',
      'Objects removed:info',
      'Rollout complete:info',
      'Drift repaired:info',
    ]);
    expect(running.activity?.[0]).toMatchObject({
      reason: 'RolloutFailed',
      message: 'Generation 2 was not available',
      createdAt: '2026-01-01T00:15:00.000Z',
    });
  });

  it('keeps the failure message when a Failed project is updated', () => {
    const events = [
      event('Pending', 0),
      event('ValidatingDependencies', 1),
      event('Failed', 2, 'Secret team-a/db not found'),
      {
        ...event('Failed', 3, 'Generation 2: database.secretRef'),
        reason: 'SpecChanged',
      },
    ];
    const entries = buildTimeline(events, project('Failed'));
    expect(entries[1]).toMatchObject({
      state: 'failed',
      message: 'Secret team-a/db not found',
    });
    expect(entries[1].activity?.map(a => a.label)).toEqual(['Spec changed']);
  });
});

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
});

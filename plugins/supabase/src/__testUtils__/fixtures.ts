import {
  DbInitAttempt,
  DbInitRun,
  ProjectEvent,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';

export function makeProject(
  overrides: Partial<SupabaseProject> = {},
): SupabaseProject {
  return {
    namespace: 'team-a',
    name: 'shop',
    uid: 'uid-1',
    spec: { database: { secretRef: 'shop-db' } },
    phase: 'Running',
    generation: 1,
    observedGeneration: 1,
    owner: 'user:default/guest',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:05:00.000Z',
    phaseChangedAt: '2026-01-01T00:05:00.000Z',
    ...overrides,
  };
}

export function makeEvent(
  id: number,
  phase: ProjectEvent['phase'],
  message = '',
  minute = id,
): ProjectEvent {
  return {
    id,
    phase,
    reason: phase,
    message,
    createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  };
}

export function makeAttempt(
  overrides: Partial<DbInitAttempt> = {},
): DbInitAttempt {
  return {
    attempt: 1,
    podName: 'shop-db-init-abcde',
    state: 'Succeeded',
    startedAt: '2026-01-01T00:02:00.000Z',
    finishedAt: '2026-01-01T00:03:00.000Z',
    exitCode: 0,
    fileResults: [],
    logSize: 0,
    archived: true,
    ...overrides,
  };
}

export function makeRun(overrides: Partial<DbInitRun> = {}): DbInitRun {
  return {
    id: 1,
    number: 1,
    jobName: 'shop-db-init',
    state: 'Succeeded',
    trigger: 'Initial',
    sqlVersion: 'abc123',
    backoffLimit: 3,
    createdAt: '2026-01-01T00:02:00.000Z',
    finishedAt: '2026-01-01T00:03:00.000Z',
    attempts: [makeAttempt()],
    ...overrides,
  };
}

import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';

/** A project as the REST API returns it, with what a test changes. */
export function makeProject(
  overrides: Partial<SupabaseProject> & { namespace?: string; name?: string },
): SupabaseProject {
  const name = overrides.name ?? 'todo-db';
  const namespace = overrides.namespace ?? 'default';
  return {
    namespace,
    name,
    uid: `uid-${namespace}-${name}`,
    spec: { database: { secretRef: 'local-postgres' } },
    phase: 'Running',
    generation: 1,
    observedGeneration: 1,
    owner: 'user:default/guest',
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:05:00.000Z',
    phaseChangedAt: '2026-11-25T10:05:00.000Z',
    endpoints: {
      api: `http://${name}-kong.${namespace}.svc:8000`,
      auth: `http://${name}-kong.${namespace}.svc:8000/auth/v1`,
      rest: `http://${name}-kong.${namespace}.svc:8000/rest/v1`,
      realtime: `http://${name}-kong.${namespace}.svc:8000/realtime/v1`,
      studio: `http://${name}-studio.${namespace}.svc:3000`,
    },
    anonKey: 'anon.jwt.value',
    ...overrides,
  };
}

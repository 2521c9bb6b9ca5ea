import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { createFakeSupabasePlugin } from './__testUtils__/fakeSupabasePlugin';
import { makeProject } from './__testUtils__/fixtures';
import { createProjectListState } from './__testUtils__/projectListRouter';
import { catalogModuleSupabase } from './module';
import { SupabaseProjectEntityProvider } from './providers/SupabaseProjectEntityProvider';

const TASK_ID = SupabaseProjectEntityProvider.taskId;

/**
 * The catalog plugin's scheduler, caught by a module of the catalog (task
 * ids are per plugin), so a test can run the provider's task at once.
 */
function catalogSchedulerHandle() {
  const handle: { scheduler?: SchedulerService } = {};
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-scheduler-handle',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          handle.scheduler = scheduler;
        },
      });
    },
  });
  return {
    module,
    trigger: (id: string) => handle.scheduler!.triggerTask(id),
  };
}

/** GETs a catalog path as a signed-in user until `done`, for at most `ms`. */
async function pollCatalog(
  server: Parameters<typeof request>[0],
  path: string,
  done: (res: request.Response) => boolean,
  ms = 60_000,
): Promise<request.Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header());
    if (done(res) || Date.now() > deadline) return res;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

// A catalog backend starts, processes and stitches: seconds, more on a busy
// machine. The polls below give up after 60 s, inside this bound.
jest.setTimeout(120_000);

describe('catalogModuleSupabase', () => {
  it('puts every project into the catalog, read from the supabase plugin', async () => {
    const state = createProjectListState([
      makeProject({ name: 'todo-db', owner: 'user:default/guest' }),
      makeProject({
        namespace: 'team-a',
        name: 'orders',
        owner: undefined,
        phase: 'DeployingSecrets',
        endpoints: undefined,
      }),
    ]);
    const supabase = createFakeSupabasePlugin(state);
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleSupabase,
        supabase.plugin,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              providers: { supabase: { defaultOwner: 'group:default/dba' } },
            },
          },
        }),
      ],
    });

    const res = await pollCatalog(
      server,
      '/api/catalog/entities/by-name/resource/default/default.todo-db',
      r => r.status === 200,
    );
    expect(res.status).toBe(200);
    const entity = res.body as Entity;
    expect(entity.metadata.annotations).toMatchObject({
      'supabase.com/project': 'default/todo-db',
      'backstage.io/managed-by-location': 'supabase-project:default/todo-db',
      'backstage.io/managed-by-origin-location':
        'supabase-project:default/todo-db',
      'backstage.io/kubernetes-id': 'todo-db',
    });
    expect(entity.spec).toMatchObject({
      type: 'supabase-project',
      owner: 'user:default/guest',
    });
    expect(entity.relations).toContainEqual({
      type: 'ownedBy',
      targetRef: 'user:default/guest',
    });
    expect(entity.metadata.links?.map(l => [l.title, l.url])).toEqual([
      [
        'Project page (phases, db-init, logs)',
        'http://localhost:3000/supabase/default/todo-db',
      ],
      // Its endpoints answer inside the cluster only: not links.
    ]);

    // Found by the annotation, as the entity tab and search look it up.
    const byAnnotation = await pollCatalog(
      server,
      `/api/catalog/entities/by-query?filter=${encodeURIComponent(
        'metadata.annotations.supabase.com/project=team-a/orders',
      )}`,
      r => r.body?.items?.length === 1,
    );
    expect(byAnnotation.body.items).toHaveLength(1);
    expect(byAnnotation.body.items[0]).toMatchObject({
      metadata: {
        name: 'team-a.orders',
        title: 'team-a/orders',
        links: [expect.objectContaining({ type: 'supabase-project-page' })],
      },
      // No user created it: the configured default owner.
      spec: { owner: 'group:default/dba' },
    });

    // The catalog called with its own service token, not a user's.
    expect(new Set(supabase.callers)).toEqual(new Set(['plugin:catalog']));
  });

  it('keeps the entities while the supabase plugin fails, and drops deleted projects', async () => {
    const state = createProjectListState([
      makeProject({ name: 'kept' }),
      makeProject({ name: 'deleted-later' }),
    ]);
    const supabase = createFakeSupabasePlugin(state);
    const scheduler = catalogSchedulerHandle();
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleSupabase,
        supabase.plugin,
        scheduler.module,
      ],
    });
    const path = (name: string) =>
      `/api/catalog/entities/by-name/resource/default/default.${name}`;
    for (const name of ['kept', 'deleted-later']) {
      expect(
        (await pollCatalog(server, path(name), r => r.status === 200)).status,
      ).toBe(200);
    }

    // The backend fails: the run applies nothing, and both stay.
    state.failWith = 500;
    const before = state.requests.length;
    await scheduler.trigger(TASK_ID);
    expect(state.requests.length).toBe(before + 1); // the run did happen
    for (const name of ['kept', 'deleted-later']) {
      expect(
        (
          await request(server)
            .get(path(name))
            .set('Authorization', mockCredentials.user.header())
        ).status,
      ).toBe(200);
    }

    // It answers again without one project: that one leaves the catalog.
    state.failWith = undefined;
    state.projects = state.projects.filter(p => p.name === 'kept');
    await scheduler.trigger(TASK_ID);
    const gone = await pollCatalog(
      server,
      path('deleted-later'),
      r => r.status === 404,
    );
    expect(gone.status).toBe(404);
    expect(
      (
        await request(server)
          .get(path('kept'))
          .set('Authorization', mockCredentials.user.header())
      ).status,
    ).toBe(200);
  });

  it('registers the provider on the schedule from config', async () => {
    const providers: EntityProvider[] = [];
    const schedules: SchedulerServiceTaskScheduleDefinition[] = [];
    const taskIds: string[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...added: EntityProvider[]) =>
              providers.push(...added.flat()),
          },
        ],
      ],
      features: [
        catalogModuleSupabase,
        mockServices.scheduler.mock({
          createScheduledTaskRunner: schedule => {
            schedules.push(schedule);
            return {
              run: async ({ id }) => {
                taskIds.push(id);
              },
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                supabase: {
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { seconds: 50 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'SupabaseProjectEntityProvider',
    ]);
    expect(schedules).toEqual([
      { frequency: { minutes: 5 }, timeout: { seconds: 50 } },
    ]);
    // The task is handed to the runner once the catalog connects the provider.
    await providers[0].connect({
      applyMutation: async () => {},
      refresh: async () => {},
    });
    expect(taskIds).toEqual([TASK_ID]);
  });
});

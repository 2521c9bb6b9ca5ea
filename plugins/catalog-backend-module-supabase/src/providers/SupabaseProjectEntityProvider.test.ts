import {
  LoggerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import express from 'express';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { makeProject } from '../__testUtils__/fixtures';
import {
  ProjectListState,
  createProjectListRouter,
  createProjectListState,
} from '../__testUtils__/projectListRouter';
import { SupabaseProjectEntityProvider } from './SupabaseProjectEntityProvider';
import { SupabaseProjectsReader } from './SupabaseProjectsReader';

/** A real HTTP server at `<url>/api/supabase`, found through discovery. */
async function startFakeSupabase(state: ProjectListState) {
  const app = express();
  app.use('/api/supabase', createProjectListRouter(state));
  const server = await new Promise<Server>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/supabase`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

function captureLogger() {
  const lines: { level: string; message: string }[] = [];
  const logger: LoggerService = {
    child: () => logger,
    debug: message => lines.push({ level: 'debug', message }),
    info: message => lines.push({ level: 'info', message }),
    warn: message => lines.push({ level: 'warn', message }),
    error: message => lines.push({ level: 'error', message }),
  };
  return { logger, lines };
}

/** Keeps the scheduled task so the test runs it, as the scheduler would. */
function manualTaskRunner() {
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const runner: SchedulerServiceTaskRunner = {
    run: async task => {
      tasks.push(task);
    },
  };
  return {
    runner,
    tasks,
    runOnce: (signal = new AbortController().signal) => tasks[0].fn(signal),
  };
}

function recordingConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

function namesOf(mutation: EntityProviderMutation | undefined) {
  if (mutation?.type !== 'full') throw new Error('expected a full mutation');
  return mutation.entities.map(e => e.entity.metadata.name);
}

describe('SupabaseProjectEntityProvider', () => {
  let state: ProjectListState;
  let fake: Awaited<ReturnType<typeof startFakeSupabase>>;
  let baseUrl: string;

  beforeEach(async () => {
    state = createProjectListState(
      ['e', 'd', 'c', 'b', 'a'].map(n => makeProject({ name: `project-${n}` })),
    );
    fake = await startFakeSupabase(state);
    baseUrl = fake.baseUrl;
  });

  afterEach(async () => {
    await fake?.close();
  });

  async function connectProvider(options: { pageSize?: number } = {}) {
    const { logger, lines } = captureLogger();
    const tasks = manualTaskRunner();
    const { connection, mutations } = recordingConnection();
    const provider = new SupabaseProjectEntityProvider({
      source: new SupabaseProjectsReader({
        auth: mockServices.auth({ pluginId: 'catalog' }),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async (pluginId: string) =>
            pluginId === 'supabase' ? baseUrl : 'http://127.0.0.1:1/nothing',
        }),
        pageSize: options.pageSize,
      }),
      logger,
      taskRunner: tasks.runner,
      entity: {
        defaultOwner: 'group:default/platform',
        lifecycle: 'production',
      },
    });
    await provider.connect(connection);
    return { provider, tasks, mutations, lines };
  }

  it('schedules one refresh task under its own name', async () => {
    const { provider, tasks, mutations } = await connectProvider();
    expect(provider.getProviderName()).toBe('SupabaseProjectEntityProvider');
    expect(tasks.tasks.map(t => t.id)).toEqual([
      'SupabaseProjectEntityProvider:refresh',
    ]);
    // Connecting alone reads nothing: the scheduler decides when.
    expect(mutations).toEqual([]);
    expect(state.requests).toEqual([]);
  });

  it('publishes every project, reading all pages with a service token for supabase', async () => {
    const { tasks, mutations, lines } = await connectProvider({ pageSize: 2 });
    await tasks.runOnce();

    expect(state.requests.map(r => [r.limit, r.offset])).toEqual([
      ['2', '0'],
      ['2', '2'],
      ['2', '4'],
    ]);
    for (const { authorization } of state.requests) {
      expect(authorization).toBe(
        `Bearer ${mockCredentials.service.token({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'supabase',
        })}`,
      );
    }
    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(namesOf(mutations[0])).toEqual([
      'default.project-e',
      'default.project-d',
      'default.project-c',
      'default.project-b',
      'default.project-a',
    ]);
    const first =
      mutations[0].type === 'full' ? mutations[0].entities[0] : undefined;
    expect(first?.locationKey).toBe('SupabaseProjectEntityProvider');
    expect(first?.entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        annotations: { 'supabase.com/project': 'default/project-e' },
      },
      spec: { type: 'supabase-project', owner: 'user:default/guest' },
    });
    expect(lines).toContainEqual({
      level: 'info',
      message: 'Published 5 Supabase projects to the catalog',
    });
  });

  it('asks for the largest page the backend allows by default', async () => {
    const { tasks } = await connectProvider();
    await tasks.runOnce();
    expect(state.requests.map(r => [r.limit, r.offset])).toEqual([
      ['500', '0'],
    ]);
  });

  it('publishes an empty list when there are no projects', async () => {
    state.projects = [];
    const { tasks, mutations } = await connectProvider();
    await tasks.runOnce();
    expect(mutations).toEqual([{ type: 'full', entities: [] }]);
  });

  it('keeps the previous entities when the backend cannot be reached', async () => {
    const { tasks, mutations, lines } = await connectProvider();
    await tasks.runOnce();
    expect(mutations).toHaveLength(1);

    await fake.close();
    await tasks.runOnce();

    expect(mutations).toHaveLength(1); // nothing applied, above all no empty list
    const warning = lines.find(l => l.level === 'warn');
    expect(warning?.message).toContain(
      'Could not read the Supabase projects; the catalog keeps the 5 entities of the last successful run',
    );
    expect(warning?.message).toContain(
      `GET ${baseUrl}/projects?limit=500&offset=0 failed`,
    );
    expect(warning?.message).toMatch(/ECONNREFUSED/);
  });

  it('keeps the previous entities on an error answer, and recovers', async () => {
    const { tasks, mutations, lines } = await connectProvider();
    await tasks.runOnce();

    state.failWith = 503;
    await tasks.runOnce();
    expect(mutations).toHaveLength(1);
    expect(lines.filter(l => l.level === 'warn').map(l => l.message)).toEqual([
      expect.stringMatching(/503.*the store is down/),
    ]);

    state.failWith = undefined;
    state.projects = state.projects.slice(1);
    await tasks.runOnce();
    expect(mutations).toHaveLength(2);
    expect(namesOf(mutations[1])).toHaveLength(4);
    expect(lines.map(l => l.message)).toContain(
      'Reading the Supabase projects works again',
    );
  });

  it('applies nothing when the answer is not a project list', async () => {
    const { tasks, mutations, lines } = await connectProvider();
    state.rawBody = { projects: [] };
    await tasks.runOnce();
    expect(mutations).toEqual([]);
    expect(lines.find(l => l.level === 'warn')?.message).toMatch(
      /did not answer with a project list/,
    );
  });

  it('skips items without namespace and name and publishes the rest', async () => {
    state.rawBody = {
      items: [makeProject({ name: 'good' }), { name: 'no-namespace' }, null],
      totalCount: 3,
    };
    const { tasks, mutations, lines } = await connectProvider();
    await tasks.runOnce();
    expect(namesOf(mutations[0])).toEqual(['default.good']);
    expect(lines.filter(l => l.level === 'warn')).toHaveLength(2);
  });

  it('reads again when the list changes between pages', async () => {
    const { tasks, mutations } = await connectProvider({ pageSize: 2 });
    let changed = false;
    state.afterPage = offset => {
      // A project is created while the first pass is between pages: the
      // newest-first order shifts, and a naive read would see one twice.
      if (offset === 0 && !changed) {
        changed = true;
        state.projects.unshift(makeProject({ name: 'project-f' }));
      }
    };
    await tasks.runOnce();
    expect(namesOf(mutations[0]).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map(n => `default.project-${n}`),
    );
    // First pass stopped at the changed total, the second read all 3 pages.
    expect(state.requests.map(r => r.offset)).toEqual([
      '0',
      '2',
      '0',
      '2',
      '4',
    ]);
  });

  it('applies nothing when the list keeps changing while it is read', async () => {
    const { tasks, mutations, lines } = await connectProvider({ pageSize: 2 });
    let n = 0;
    state.afterPage = offset => {
      if (offset === 0) state.projects.pop(); // a deletion during every pass
      n++;
    };
    await tasks.runOnce();
    expect(n).toBeGreaterThan(2);
    expect(mutations).toEqual([]);
    expect(lines.find(l => l.level === 'warn')?.message).toMatch(
      /changed while it was read, 3 times in a row/,
    );
  });

  it('does not apply a read that the scheduler aborted', async () => {
    const controller = new AbortController();
    const { logger, lines } = captureLogger();
    const tasks = manualTaskRunner();
    const { connection, mutations } = recordingConnection();
    const provider = new SupabaseProjectEntityProvider({
      // The run times out while the list is being read.
      source: {
        readAll: async () => {
          controller.abort(new Error('the task timed out'));
          return [makeProject({})];
        },
      },
      logger,
      taskRunner: tasks.runner,
      entity: {
        defaultOwner: 'group:default/platform',
        lifecycle: 'production',
      },
    });
    await provider.connect(connection);
    await tasks.runOnce(controller.signal);
    expect(mutations).toEqual([]);
    const warning = lines.find(l => l.level === 'warn')?.message;
    expect(warning).toMatch(/^The Supabase projects were not read to the end/);
    expect(warning).toMatch(/the task timed out/);
  });

  it('refuses to refresh before the catalog connected it', async () => {
    const provider = new SupabaseProjectEntityProvider({
      source: { readAll: async () => [] },
      logger: captureLogger().logger,
      taskRunner: manualTaskRunner().runner,
      entity: {
        defaultOwner: 'group:default/platform',
        lifecycle: 'production',
      },
    });
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
  });
});

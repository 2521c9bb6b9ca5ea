import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PROJECT_NAME_MAX_LENGTH } from '@supabase-backstage/plugin-supabase-common';
import { FakeSupabaseProjectsApi } from '../__testUtils__/FakeSupabaseProjectsApi';
import { createSupabaseProjectCreateAction } from './createProject';

const running = {
  phase: 'Running' as const,
  message: 'All components are available',
  endpoints: {
    api: 'http://todo-db-kong.team-a.svc:8000',
    studio: 'http://todo-db-kong.team-a.svc:8000',
  },
  anonKey: 'eyJhbGciOiJIUzI1NiJ9.anon.sig',
  publishableKey: 'sb_publishable_AbCdEfGhIjKlMnOpQrStUv_12345678',
};

describe('supabase:project:create', () => {
  let backend: FakeSupabaseProjectsApi;

  beforeEach(() => {
    backend = new FakeSupabaseProjectsApi();
  });

  function setup(input: Record<string, unknown>) {
    const action = createSupabaseProjectCreateAction({
      client: backend,
      appBaseUrl: 'http://localhost:3000/',
      pollIntervalMs: 5,
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: {
        name: 'todo-db',
        namespace: 'team-a',
        databaseSecret: 'todo-postgres',
        ...input,
      },
      logger,
    });
    const outputs = () =>
      Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
      );
    return { action, ctx, logger, outputs };
  }

  it('creates the project and returns at once without waitFor', async () => {
    const { action, ctx, outputs } = setup({
      storageSecret: 'todo-s3',
      customSqlConfigMap: 'todo-sql',
      dbInitStrict: true,
      jwtExpirySeconds: 7200,
      legacyApiKeys: true,
      components: { rest: { replicas: 2 }, studio: {} },
    });

    await action.handler(ctx);

    expect(backend.createRequests).toEqual([
      {
        namespace: 'team-a',
        name: 'todo-db',
        spec: {
          database: { secretRef: 'todo-postgres' },
          storage: { secretRef: 'todo-s3' },
          jwt: { expirySeconds: 7200 },
          apiKeys: { legacy: true },
          dbInit: { strict: true, customSqlConfigMap: 'todo-sql' },
          components: { rest: { replicas: 2 } },
        },
      },
    ]);
    expect(backend.getRequests).toEqual([]);
    expect(backend.credentialsSeen).toEqual([mockCredentials.user()]);
    expect(outputs()).toEqual({
      projectRef: 'team-a/todo-db',
      phase: 'Pending',
      projectUrl: 'http://localhost:3000/supabase/team-a/todo-db',
      dbInitJobName: 'todo-db-db-init',
      objects: expect.arrayContaining([
        'ConfigMap/todo-db-db-init',
        'Job/todo-db-db-init',
        'Secret/todo-db-jwt',
        'Deployment/todo-db-storage',
        'Service/todo-db-kong',
      ]),
    });
  });

  it('asks for a database of its own on a server', async () => {
    const { action, ctx } = setup({
      databaseSecret: '',
      databaseServerSecret: 'pg-server',
    });
    await action.handler(ctx);
    expect(backend.createRequests[0].spec).toEqual({
      database: { serverSecretRef: 'pg-server' },
    });
  });

  it('treats empty optional fields from the form as not set', async () => {
    const { action, ctx } = setup({
      storageSecret: '',
      customSqlConfigMap: '',
    });
    await action.handler(ctx);
    expect(backend.createRequests[0].spec).toEqual({
      database: { secretRef: 'todo-postgres' },
    });
  });

  it('maps exposure and features to the spec', async () => {
    const { action, ctx, outputs } = setup({
      ingressHost: 'todo.apps.example.com',
      ingressClassName: 'nginx',
      ingressTlsSecret: 'todo-tls',
      ingressAnnotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      functionsEnabled: true,
      functionsConfigMap: 'todo-functions',
      studioPublicUrl: 'https://todo.apps.example.com',
      studioBasicAuthSecret: 'todo-dashboard',
      authSiteUrl: 'http://localhost:3000/welcome',
      authSmtpSecret: 'todo-smtp',
      authOAuthProviders: {
        github: { secretRef: 'todo-github' },
        google: { secretRef: '' },
      },
      dbInitHoldUpgrades: true,
      components: { functions: { replicas: 2 } },
    });

    await action.handler(ctx);

    expect(backend.createRequests[0].spec).toEqual({
      database: { secretRef: 'todo-postgres' },
      ingress: {
        host: 'todo.apps.example.com',
        className: 'nginx',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        tlsSecretRef: 'todo-tls',
      },
      auth: {
        siteUrl: 'http://localhost:3000/welcome',
        smtpSecretRef: 'todo-smtp',
        // A provider without a Secret, as a form leaves it, is left out.
        oauthProviders: { github: { secretRef: 'todo-github' } },
      },
      dbInit: { holdUpgrades: true },
      functions: { enabled: true, configMapRef: 'todo-functions' },
      studio: {
        publicUrl: 'https://todo.apps.example.com',
        basicAuthSecretRef: 'todo-dashboard',
      },
      components: { functions: { replicas: 2 } },
    });
    expect(outputs().objects).toEqual(
      expect.arrayContaining([
        'ConfigMap/todo-db-functions',
        'Deployment/todo-db-functions',
        'Service/todo-db-functions',
        'Ingress/todo-db-kong',
      ]),
    );
  });

  it('keeps an explicit "off" for edge functions and held upgrades', async () => {
    const { action, ctx } = setup({
      functionsEnabled: false,
      dbInitHoldUpgrades: false,
    });
    await action.handler(ctx);
    expect(backend.createRequests[0].spec).toMatchObject({
      functions: { enabled: false },
      dbInit: { holdUpgrades: false },
    });
  });

  it('treats empty exposure and feature fields from the form as not set', async () => {
    const { action, ctx, outputs } = setup({
      ingressHost: '',
      ingressClassName: '',
      ingressTlsSecret: '',
      functionsConfigMap: '',
      studioPublicUrl: '',
      studioBasicAuthSecret: '',
      authSiteUrl: '',
      authSmtpSecret: '',
      authOAuthProviders: { github: { secretRef: '' }, gitlab: '' },
      dbInitHoldUpgrades: undefined,
    });
    await action.handler(ctx);
    expect(backend.createRequests[0].spec).toEqual({
      database: { secretRef: 'todo-postgres' },
    });
    expect(outputs().objects).not.toContain('Ingress/todo-db-kong');
  });

  it.each([
    [
      'a host that is not a DNS name',
      { ingressHost: 'Todo.Example.com' },
      'ingressHost: must be a DNS name',
    ],
    [
      'a host with a scheme',
      { ingressHost: 'https://todo.example.com' },
      'ingressHost: must be a DNS name',
    ],
    [
      'an invalid TLS Secret name',
      { ingressHost: 'todo.example.com', ingressTlsSecret: 'todo_tls' },
      'ingressTlsSecret: must be a Kubernetes object name',
    ],
    [
      'a TLS Secret without a host',
      { ingressTlsSecret: 'todo-tls' },
      'ingressTlsSecret: needs `ingressHost`',
    ],
    [
      'an Ingress class without a host',
      { ingressClassName: 'nginx' },
      'ingressClassName: needs `ingressHost`',
    ],
    [
      'an empty annotation key',
      { ingressHost: 'todo.example.com', ingressAnnotations: { '': 'x' } },
      'ingressAnnotations.:',
    ],
    [
      'a functions ConfigMap without functions',
      { functionsConfigMap: 'todo-functions' },
      'functionsConfigMap: needs `functionsEnabled`',
    ],
    [
      'a non-boolean functions switch',
      { functionsEnabled: 'yes' },
      'functionsEnabled: Expected boolean',
    ],
    [
      'a Studio URL that is not http(s)',
      { studioPublicUrl: 'ftp://todo.example.com' },
      'studioPublicUrl: must be an http or https URL',
    ],
    [
      'a site URL that is no URL',
      { authSiteUrl: 'todo.example.com' },
      'authSiteUrl: must be an http or https URL',
    ],
    [
      'an invalid basic-auth Secret name',
      { studioBasicAuthSecret: 'Dashboard' },
      'studioBasicAuthSecret: must be a Kubernetes object name',
    ],
    [
      'an invalid SMTP Secret name',
      { authSmtpSecret: 'smtp secret' },
      'authSmtpSecret: must be a Kubernetes object name',
    ],
    [
      'an unknown OAuth provider',
      { authOAuthProviders: { myspace: { secretRef: 'myspace' } } },
      "authOAuthProviders: Unrecognized key(s) in object: 'myspace'",
    ],
    [
      'an invalid OAuth Secret name',
      { authOAuthProviders: { github: { secretRef: 'GitHub' } } },
      'authOAuthProviders.github.secretRef: must be a Kubernetes object name',
    ],
    [
      'a non-boolean hold of upgrades',
      { dbInitHoldUpgrades: 'true' },
      'dbInitHoldUpgrades: Expected boolean',
    ],
  ])('rejects %s, naming the field', async (_what, input, message) => {
    const { action, ctx } = setup(input);
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(message);
    expect(backend.createRequests).toEqual([]);
  });

  it.each([
    [
      'a name that is too long',
      { name: 'a'.repeat(PROJECT_NAME_MAX_LENGTH + 1) },
      `name: must be at most ${PROJECT_NAME_MAX_LENGTH} characters`,
    ],
    [
      'an upper-case name',
      { name: 'TodoDb' },
      'name: must start with a lower-case letter',
    ],
    ['an invalid namespace', { namespace: 'Team_A' }, 'namespace: must'],
    [
      'a missing database Secret',
      { databaseSecret: undefined },
      'databaseServerSecret: give `databaseServerSecret` (a database of its own on a server) or `databaseSecret` (an existing database)',
    ],
    [
      'both a server and a database Secret',
      { databaseServerSecret: 'pg-server' },
      'databaseServerSecret: give either `databaseServerSecret` (a database of its own on a server) or `databaseSecret` (an existing database), not both',
    ],
    [
      'an unknown component',
      { components: { postgres: { replicas: 1 } } },
      'components: Unrecognized key',
    ],
    [
      'too many replicas',
      { components: { rest: { replicas: 11 } } },
      'components.rest.replicas:',
    ],
    ['an unknown phase', { waitFor: 'Ready' }, 'waitFor:'],
  ])('rejects %s, naming the field', async (_what, input, message) => {
    const { action, ctx } = setup(input);
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(message);
    expect(backend.createRequests).toEqual([]);
  });

  it('reports the name rule once, in the words of the shared validator', async () => {
    const { action, ctx } = setup({ name: 'Todo' });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toBe(
      'Invalid input to supabase:project:create: name: must start with a lower-case letter and contain only lower-case letters, digits and "-", ending with a letter or digit',
    );
  });

  describe('dry run', () => {
    it('validates and describes the project without creating it', async () => {
      const { action, ctx, outputs } = setup({ waitFor: 'Running' });
      await action.handler({ ...ctx, isDryRun: true });

      expect(backend.createRequests).toEqual([]);
      expect(backend.getRequests).toEqual([
        { namespace: 'team-a', name: 'todo-db' },
      ]);
      expect(outputs()).toMatchObject({
        projectRef: 'team-a/todo-db',
        phase: 'Pending',
        projectUrl: 'http://localhost:3000/supabase/team-a/todo-db',
        dbInitJobName: 'todo-db-db-init',
      });
      expect(outputs().objects).not.toContain('Deployment/todo-db-storage');
      // Edge functions are off unless a spec enables them.
      expect(outputs().objects).not.toContain('Deployment/todo-db-functions');
      expect(outputs().objects).not.toContain('Ingress/todo-db-kong');
    });

    it('lists the Ingress and the edge functions when the input asks for them', async () => {
      const { action, ctx, outputs, logger } = setup({
        ingressHost: 'todo.apps.example.com',
        functionsEnabled: true,
      });
      await action.handler({ ...ctx, isDryRun: true });

      expect(backend.createRequests).toEqual([]);
      expect(outputs().objects).toEqual([
        'ConfigMap/todo-db-db-init',
        'Job/todo-db-db-init',
        'Secret/todo-db-jwt',
        'Deployment/todo-db-kong',
        'Service/todo-db-kong',
        'Deployment/todo-db-auth',
        'Service/todo-db-auth',
        'Deployment/todo-db-rest',
        'Service/todo-db-rest',
        'Deployment/todo-db-realtime',
        'Service/todo-db-realtime',
        'Deployment/todo-db-meta',
        'Service/todo-db-meta',
        'Deployment/todo-db-studio',
        'Service/todo-db-studio',
        'ConfigMap/todo-db-functions',
        'Deployment/todo-db-functions',
        'Service/todo-db-functions',
        'Ingress/todo-db-kong',
      ]);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('Ingress/todo-db-kong'),
      );
    });

    it('reports a conflict in advance', async () => {
      backend.addProject({ namespace: 'team-a', name: 'todo-db', ...running });
      const { action, ctx } = setup({});
      await expect(action.handler({ ...ctx, isDryRun: true })).rejects.toThrow(
        'Supabase project team-a/todo-db already exists (phase Running)',
      );
    });

    it('still validates in a dry run', async () => {
      const { action, ctx } = setup({ name: 'x'.repeat(60) });
      await expect(
        action.handler({ ...ctx, isDryRun: true }),
      ).rejects.toBeInstanceOf(InputError);
      expect(backend.getRequests).toEqual([]);
    });

    it('only warns when the backend cannot be asked', async () => {
      jest
        .spyOn(backend, 'getProject')
        .mockRejectedValue(new TypeError('fetch failed'));
      const { action, ctx, logger } = setup({});
      await action.handler({ ...ctx, isDryRun: true });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'could not check whether team-a/todo-db exists',
        ),
      );
    });
  });

  it('fails with a clear message when the project exists', async () => {
    backend.addProject({
      namespace: 'team-a',
      name: 'todo-db',
      phase: 'Running',
    });
    const { action, ctx } = setup({});
    const failure = await action.handler(ctx).catch(error => error);
    expect(failure.message).toContain(
      'Supabase project team-a/todo-db already exists',
    );
    expect(failure.stack).not.toMatch(/\n\s+at /);
  });

  it('passes the chosen owner on', async () => {
    const { action, ctx } = setup({ owner: 'group:default/Team-A' });
    await action.handler(ctx);
    expect(backend.createRequests).toEqual([
      expect.objectContaining({ owner: 'group:default/Team-A' }),
    ]);
    expect(backend.projects.get('team-a/todo-db')?.owner).toBe(
      'group:default/team-a',
    );
  });

  describe('a retried step', () => {
    const owner = mockCredentials.user().principal.userEntityRef;
    const spec = { database: { secretRef: 'todo-postgres' } };

    /**
     * Checkpoints as the scaffolder keeps them across the attempts of one
     * task: a successful one returns its saved value, a failed one runs again.
     */
    function taskCheckpoints() {
      const saved = new Map<string, unknown>();
      return async <T>(opts: { key: string; fn: () => Promise<T> | T }) => {
        if (saved.has(opts.key)) return saved.get(opts.key) as T;
        const value = await opts.fn();
        saved.set(opts.key, value ?? {});
        return value;
      };
    }

    /** Runs the step twice in one task; the first attempt fails as `first` says. */
    async function retry(first: (ctx: any) => void) {
      const checkpoint = taskCheckpoints();
      const attempt1 = setup({ waitFor: 'Running' });
      first(attempt1);
      const error = await attempt1.action
        .handler({ ...attempt1.ctx, checkpoint })
        .catch(e => e);
      expect(error).toBeInstanceOf(Error);
      jest.restoreAllMocks();
      const attempt2 = setup({ waitFor: 'Running' });
      const result = attempt2.action
        .handler({ ...attempt2.ctx, checkpoint })
        .then(() => attempt2);
      return { result, attempt2 };
    }

    /** The POST reaches the backend, but its answer never comes back. */
    const answerLost = () => {
      const create = backend.createProject.bind(backend);
      jest
        .spyOn(backend, 'createProject')
        .mockImplementationOnce(async (request, options) => {
          await create(request, options);
          throw new TypeError('fetch failed');
        });
    };

    beforeEach(() => {
      backend.progress = [{ phase: 'DeployingComponents' }, running];
    });

    it('carries on with the project its earlier attempt created', async () => {
      const { result } = await retry(answerLost);

      const { logger, outputs } = await result;
      expect(backend.createRequests).toHaveLength(1);
      expect(backend.projects.get('team-a/todo-db')?.owner).toBe(owner);
      expect(outputs()).toMatchObject({
        projectRef: 'team-a/todo-db',
        phase: 'Running',
        apiUrl: running.endpoints.api,
      });
      expect(logger.info).toHaveBeenCalledWith(
        "Supabase project team-a/todo-db already exists with this step's spec and owner: an earlier attempt of this step created it. Carrying on with it; follow it at http://localhost:3000/supabase/team-a/todo-db",
      );
    });

    it('also when the backend records no owner', async () => {
      const { result } = await retry(() => {
        jest
          .spyOn(backend, 'createProject')
          .mockImplementationOnce(async () => {
            backend.addProject({
              namespace: 'team-a',
              name: 'todo-db',
              phase: 'Pending',
              spec,
            });
            throw new TypeError('fetch failed');
          });
      });
      await expect(result).resolves.toBeDefined();
    });

    it.each([
      [
        'a different spec',
        { spec: { database: { secretRef: 'other-postgres' } }, owner },
        "its spec differs from this step's input",
      ],
      [
        'another owner',
        { spec, owner: 'user:default/someone-else' },
        `it belongs to user:default/someone-else, not to ${owner}`,
      ],
      [
        'a project being deleted',
        { spec, owner, phase: 'Deleting' as const },
        'it is being deleted',
      ],
    ])('still fails on %s', async (_what, existing, reason) => {
      backend.progress = [];
      const { result } = await retry(() => {
        // The first attempt failed before its POST reached the backend;
        // meanwhile someone else took the name.
        jest
          .spyOn(backend, 'createProject')
          .mockImplementationOnce(async () => {
            backend.addProject({
              namespace: 'team-a',
              name: 'todo-db',
              phase: 'Running',
              ...existing,
            });
            throw new Error('503 Service Unavailable');
          });
      });
      await expect(result).rejects.toThrow(
        `Supabase project team-a/todo-db already exists, and it is not the project an earlier attempt of this step created: ${reason}`,
      );
      expect(backend.createRequests).toEqual([]);
    });

    it('never takes over an existing project on its first attempt', async () => {
      // The same spec and owner: the user ran the template twice.
      backend.addProject({
        namespace: 'team-a',
        name: 'todo-db',
        phase: 'Running',
        spec,
        owner,
      });
      const { action, ctx } = setup({ waitFor: 'Running' });
      await expect(
        action.handler({ ...ctx, checkpoint: taskCheckpoints() }),
      ).rejects.toThrow(/^Supabase project team-a\/todo-db already exists$/);
    });
  });

  describe('waiting', () => {
    beforeEach(() => {
      backend.progress = [
        { phase: 'ValidatingDependencies' },
        { phase: 'InitializingDatabase', message: 'db-init attempt 1 of 4' },
        { phase: 'InitializingDatabase', message: 'db-init attempt 1 of 4' },
        { phase: 'DeployingSecrets' },
        { phase: 'DeployingComponents' },
        running,
      ];
    });

    it.each([
      ['polling', false],
      ['the status stream', true],
    ])('follows the phases to Running by %s', async (_how, streamAvailable) => {
      backend.streamAvailable = streamAvailable;
      const { action, ctx, logger, outputs } = setup({ waitFor: 'Running' });

      await action.handler(ctx);

      expect(outputs()).toMatchObject({
        phase: 'Running',
        apiUrl: running.endpoints.api,
        studioUrl: running.endpoints.studio,
        anonKey: running.anonKey,
        publishableKey: running.publishableKey,
        // Inside the cluster: a command to reach it, and no Studio link.
        portForward:
          'kubectl -n team-a port-forward svc/todo-db-kong 8000:8000',
        localApiUrl: 'http://localhost:8000',
      });
      expect(outputs().publicStudioUrl).toBeUndefined();
      const logged = logger.info.mock.calls.map(([m]) => m);
      expect(logged).toEqual(
        expect.arrayContaining([
          'Supabase project team-a/todo-db is InitializingDatabase: db-init attempt 1 of 4',
          'Supabase project team-a/todo-db is Running: All components are available',
        ]),
      );
      // One line per phase change, not per check.
      expect(
        logged.filter(m => m.includes('is InitializingDatabase')),
      ).toHaveLength(1);
    });

    it('links Studio and gives no port-forward when the project is public', async () => {
      backend.progress = [
        {
          ...running,
          endpoints: {
            api: 'https://todo.example.com',
            studio: 'https://studio.todo.example.com',
          },
        },
      ];
      const { action, ctx, outputs } = setup({ waitFor: 'Running' });
      await action.handler(ctx);
      expect(outputs()).toMatchObject({
        apiUrl: 'https://todo.example.com',
        publicStudioUrl: 'https://studio.todo.example.com',
      });
      expect(outputs().portForward).toBeUndefined();
    });

    it('stops at an earlier phase when asked to', async () => {
      const { action, ctx, outputs } = setup({ waitFor: 'DeployingSecrets' });
      await action.handler(ctx);
      expect(outputs().phase).toBe('DeployingSecrets');
      expect(outputs().apiUrl).toBeUndefined();
    });

    it('times out naming the phase the project is in', async () => {
      backend.progress = [
        { phase: 'InitializingDatabase', message: 'db-init attempt 2 of 4' },
      ];
      const { action, ctx } = setup({
        waitFor: 'Running',
        timeoutSeconds: 0.1,
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        'Supabase project team-a/todo-db did not reach Running within 0.1 s; it is in phase InitializingDatabase (db-init attempt 2 of 4)',
      );
    });

    it('fails with the message of a Failed project', async () => {
      backend.progress = [
        { phase: 'ValidatingDependencies' },
        {
          phase: 'Failed',
          reason: 'MissingSecretKey',
          message: 'Secret team-a/todo-postgres has no key "password"',
        },
      ];
      const { action, ctx } = setup({ waitFor: 'Running' });
      const failure = await action.handler(ctx).catch(error => error);
      expect(failure.message).toBe(
        'Supabase project team-a/todo-db failed (MissingSecretKey): Secret team-a/todo-postgres has no key "password"',
      );
      // The scaffolder prints the stack into the task log: only the message.
      expect(failure.stack).toBe(`ProjectOutcomeError: ${failure.message}`);
    });

    it('stops waiting when the task is cancelled', async () => {
      backend.progress = [{ phase: 'InitializingDatabase' }];
      const controller = new AbortController();
      const { action, ctx } = setup({ waitFor: 'Running' });
      setTimeout(() => controller.abort(), 50);
      await expect(
        action.handler({ ...ctx, signal: controller.signal }),
      ).rejects.toThrow('the task was cancelled');
    });

    it('does not create the project again when a task resumes', async () => {
      // The project was created before the backend restarted; the
      // checkpoint remembers it.
      backend.addProject({
        namespace: 'team-a',
        name: 'todo-db',
        phase: 'Pending',
      });
      const checkpoint = jest.fn().mockResolvedValue({
        uid: 'uid-todo-db',
        phase: 'Pending',
      });
      const { action, ctx, logger, outputs } = setup({ waitFor: 'Running' });

      await action.handler({ ...ctx, checkpoint });

      expect(checkpoint).toHaveBeenCalledWith({
        key: 'supabase.project.create.team-a/todo-db',
        fn: expect.any(Function),
      });
      expect(backend.createRequests).toEqual([]);
      expect(outputs().phase).toBe('Running');
      expect(logger.info).toHaveBeenCalledWith(
        'Supabase project team-a/todo-db was created by an earlier attempt of this step; follow it at http://localhost:3000/supabase/team-a/todo-db',
      );
    });
  });
});

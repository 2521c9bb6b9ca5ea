import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  PermissionRule,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import type { V1Secret } from '@kubernetes/client-node';
import {
  ProjectSpec,
  SHARED_BY_OWNERS_ANNOTATION,
} from '@supabase-backstage/plugin-supabase-common';
import express from 'express';
import request from 'supertest';
import {
  TEAM,
  projectInPhase,
  secretRef,
  provisionToRunning,
  runningProject,
} from '../__testUtils__/phaseFixture';
import {
  PipelineFixture,
  startPipelineFixture,
} from '../__testUtils__/startPipelineFixture';
import { ProjectFilter, ProjectRecord } from '../database/ProjectStore';
import { deploySecrets } from '../pipeline/phases/deploySecrets';
import { secretData } from '../pipeline/secretData';
import {
  JWT_SECRET_KEYS,
  ProjectKeys,
  completeProjectKeys,
} from '../resources';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { ProjectClusters } from '../kubernetes/ProjectClusters';
import { supabaseProjectPermissionRules } from '../permissions';
import { ProjectChanges } from '../worker/ProjectChanges';
import { ProjectAuthorizer } from './ProjectAuthorizer';
import { Readiness } from './Readiness';
import { createRouter } from './router';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

/** The rules the plugin registers, as the permissions registry hands them out. */
const ruleset: PermissionRuleset<ProjectRecord, ProjectFilter> = {
  getRuleByName(name) {
    const rule = Object.values(supabaseProjectPermissionRules).find(
      r => r.name === name,
    );
    if (!rule) throw new Error(`No rule ${name}`);
    return rule as unknown as PermissionRule<
      ProjectRecord,
      ProjectFilter,
      string
    >;
  },
};

const spec: ProjectSpec = {
  database: { secretRef: 'shop-db', sslMode: 'disable' },
};

describe('the router, translating HTTP (store on SQLite, cluster in memory)', () => {
  let fixture: PipelineFixture;
  let app: express.Express;
  let kicked: string[];
  let denied: Set<string>;
  let audit: Array<{
    eventId: string;
    severityLevel?: string;
    meta?: unknown;
    outcome: string;
  }>;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let keys: ProjectKeys;

  /** The router is built once; the cluster is each test's own. */
  const clusterOfTheTest = new Proxy({} as ClusterClient, {
    get: (_, method: keyof ClusterClient) => {
      const cluster = fixture.cluster;
      return cluster[method].bind(cluster);
    },
  });

  // The router (its OpenAPI validator), the store's migrations and a Running
  // project's keys are made once; each test starts from empty tables, an
  // empty cluster and empty recorders.
  beforeAll(async () => {
    fixture = await startPipelineFixture();
    keys = await completeProjectKeys({});
    logger = mockServices.logger.mock();
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(({ permission }) => ({
        result: denied.has(permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as never;
    const httpAuth = mockServices.httpAuth();
    const router = await createRouter({
      auditor: mockServices.auditor.mock({
        async createEvent(options: AuditorServiceCreateEventOptions) {
          const entry = {
            eventId: options.eventId,
            severityLevel: options.severityLevel,
            meta: options.meta,
          };
          return {
            success: async () =>
              void audit.push({ ...entry, outcome: 'success' }),
            fail: async () => void audit.push({ ...entry, outcome: 'failure' }),
          };
        },
      }),
      auth: mockServices.auth(),
      store: fixture.store,
      keys: fixture.ctx.keys,
      clusters: new ProjectClusters([
        { name: 'local', client: clusterOfTheTest },
      ]),
      worker: { kick: uid => void kicked.push(uid) },
      changes: new ProjectChanges(),
      httpAuth,
      authorizer: new ProjectAuthorizer({
        httpAuth,
        permissions: mockServices.permissions.mock({
          authorize: async requests => decide(requests),
          authorizeConditional: async requests => decide(requests),
        }),
        ruleset,
      }),
      logger,
      readiness: new Readiness([]),
    });
    app = express()
      .use(router)
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger,
        }).error(),
      );
  });

  beforeEach(async () => {
    await fixture.reset();
    fixture.createNamespace(TEAM);
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    kicked = [];
    denied = new Set();
    audit = [];
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(() => fixture.stop());

  const as = (user = ALICE) => {
    const header = mockCredentials.user.header(user);
    return {
      get: (path: string) =>
        request(app).get(path).set('Authorization', header),
      post: (path: string, body: object = {}) =>
        request(app).post(path).set('Authorization', header).send(body),
      patch: (path: string, body: object) =>
        request(app).patch(path).set('Authorization', header).send(body),
      delete: (path: string) =>
        request(app).delete(path).set('Authorization', header),
    };
  };

  /** What the components read from the project's `-jwt` Secret. */
  const jwtSecretValues = () =>
    secretData(fixture.cluster.peek(secretRef('shop-jwt'))!);

  /** No answer carries a stack trace or bookkeeping. */
  function expectClean(body: unknown) {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"stack"|\n\s+at |\\n\s+at /);
    expect(text).not.toContain('appliedSqlVersion');
    expect(text).not.toContain('currentRunId');
  }

  describe('POST /projects', () => {
    it('creates a project: 201, the project as the API shows it, the worker kicked, audited', async () => {
      const res = await as().post('/projects', {
        namespace: TEAM,
        name: 'shop',
        spec,
      });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        namespace: TEAM,
        name: 'shop',
        phase: 'Pending',
        owner: ALICE,
        generation: 1,
      });
      expectClean(res.body);
      expect(kicked).toEqual([res.body.uid]);
      expect(await fixture.store.getProjectByUid(res.body.uid)).toBeDefined();
      expect(audit).toEqual([
        expect.objectContaining({
          eventId: 'project-create',
          meta: { namespace: TEAM, name: 'shop' },
          outcome: 'success',
        }),
      ]);
    });

    it('refuses an invalid spec with 400 naming the field, and stores nothing', async () => {
      const res = await as().post('/projects', {
        namespace: TEAM,
        name: 'shop',
        spec: { database: { secretRef: 'shop-db', sslMode: 'sometimes' } },
      });

      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain('spec.database.sslMode');
      expectClean(res.body);
      expect(kicked).toEqual([]);
      expect((await fixture.store.listProjects({})).totalCount).toBe(0);
      expect(audit.map(a => a.outcome)).toEqual(['failure']);
    });

    it('refuses an invalid name with 400 naming the field', async () => {
      const res = await as().post('/projects', {
        namespace: TEAM,
        name: 'Not_A_Name',
        spec,
      });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/\bname\b/);
    });

    it('refuses a second project of the same name with 409', async () => {
      const body = { namespace: TEAM, name: 'shop', spec };
      expect((await as().post('/projects', body)).status).toBe(201);

      const again = await as().post('/projects', body);

      expect(again.status).toBe(409);
      expectClean(again.body);
    });

    it('answers 403 without the create permission, and creates nothing', async () => {
      denied.add('supabase.project.create');

      const res = await as().post('/projects', {
        namespace: TEAM,
        name: 'shop',
        spec,
      });

      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('supabase.project.create');
      expect((await fixture.store.listProjects({})).totalCount).toBe(0);
      expect(audit.map(a => a.outcome)).toEqual(['failure']);
    });
  });

  describe('reading', () => {
    it('lists projects with their count, and gets one', async () => {
      await projectInPhase(fixture, 'Pending', { name: 'shop' });
      await projectInPhase(fixture, 'Pending', { name: 'blog' });

      const list = await as().get('/projects');
      expect(list.status).toBe(200);
      expect(list.body.totalCount).toBe(2);
      expect(
        list.body.items.map((p: { name: string }) => p.name).sort(),
      ).toEqual(['blog', 'shop']);
      expectClean(list.body);

      const one = await as().get(`/projects/${TEAM}/shop`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ namespace: TEAM, name: 'shop' });
      expectClean(one.body);
    });

    it('answers 404 naming a project that does not exist', async () => {
      const res = await as().get(`/projects/${TEAM}/nowhere`);

      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`Project ${TEAM}/nowhere not found`);
      expectClean(res.body);
    });

    it('answers 403 naming the permission and the project when reading is refused', async () => {
      await projectInPhase(fixture, 'Pending');
      denied.add('supabase.project.read');

      const res = await as().get(`/projects/${TEAM}/shop`);

      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `Missing permission supabase.project.read on project ${TEAM}/shop`,
      );
    });

    it('answers 401 without credentials it can read', async () => {
      const res = await request(app)
        .get('/projects')
        .set('Authorization', 'Bearer not-a-token');

      expect(res.status).toBe(401);
    });
  });

  describe('PATCH /projects/:namespace/:name', () => {
    it('updates the spec: 200, a new generation, the worker kicked, audited', async () => {
      const project = await projectInPhase(fixture, 'Pending');

      const res = await as().patch(`/projects/${TEAM}/shop`, {
        spec: { ...spec, jwt: { expirySeconds: 7200 } },
      });

      expect(res.status).toBe(200);
      expect(res.body.generation).toBe(project.generation + 1);
      expect(res.body.spec.jwt).toEqual({ expirySeconds: 7200 });
      // On the timeline, the change by field.
      const events = await fixture.store.listEvents(project.uid);
      expect(events[events.length - 1]).toMatchObject({
        reason: 'SpecChanged',
        message: expect.stringMatching(
          new RegExp(
            `^Generation ${
              project.generation + 1
            }: .*jwt\\.expirySeconds: set to 7200$`,
          ),
        ),
      });
      expect(kicked).toContain(project.uid);
      expect(audit).toEqual([
        expect.objectContaining({
          eventId: 'project-update',
          outcome: 'success',
        }),
      ]);
    });

    it('refuses a rename with 400 naming the field, changing nothing', async () => {
      const project = await projectInPhase(fixture, 'Pending');

      const res = await as().patch(`/projects/${TEAM}/shop`, {
        name: 'market',
        spec,
      });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'name: a project cannot be renamed',
      );
      const after = await fixture.store.getProjectByUid(project.uid);
      expect(after!.generation).toBe(project.generation);
    });
  });

  describe('DELETE /projects/:namespace/:name', () => {
    it('moves the project to Deleting: 202, the worker kicked, audited', async () => {
      const project = await projectInPhase(fixture, 'Running');

      const res = await as().delete(`/projects/${TEAM}/shop`);

      expect(res.status).toBe(202);
      expect(res.body.phase).toBe('Deleting');
      expect(kicked).toEqual([project.uid]);
      const after = await fixture.store.getProjectByUid(project.uid);
      expect(after!.reason).toBe('DeleteRequested');
      expect(audit.map(a => [a.eventId, a.outcome])).toEqual([
        ['project-delete', 'success'],
      ]);
    });

    it('answers 403 without the delete permission, leaving the project', async () => {
      await projectInPhase(fixture, 'Running');
      denied.add('supabase.project.delete');

      const res = await as().delete(`/projects/${TEAM}/shop`);

      expect(res.status).toBe(403);
      expect(
        (await fixture.store.getProject({ namespace: TEAM, name: 'shop' }))!
          .phase,
      ).toBe('Running');
      expect(kicked).toEqual([]);
    });
  });

  describe('POST /projects/:namespace/:name/retry', () => {
    it('retries a Failed project from the dependency checks with a new db-init run: 202', async () => {
      const project = await projectInPhase(fixture, 'Failed');
      await fixture.store.updateProject(project.uid, { currentRunId: 7 });

      const res = await as().post(`/projects/${TEAM}/shop/retry`);

      expect(res.status).toBe(202);
      expect(res.body.phase).toBe('ValidatingDependencies');
      const after = await fixture.store.getProjectByUid(project.uid);
      expect(after!.currentRunId).toBeUndefined();
      expect(after!.reason).toBe('RetryRequested');
      expect(kicked).toEqual([project.uid]);
      expect(audit.map(a => [a.eventId, a.outcome])).toEqual([
        ['project-retry', 'success'],
      ]);
    });

    it('refuses a project that has not failed with 409, saying why', async () => {
      await projectInPhase(fixture, 'Running');

      const res = await as().post(`/projects/${TEAM}/shop/retry`);

      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `Project ${TEAM}/shop is Running; only a Failed project can be retried`,
      );
      expect(kicked).toEqual([]);
      expect(audit.map(a => [a.eventId, a.outcome])).toEqual([
        ['project-retry', 'failure'],
      ]);
    });
  });

  /** The project's database Secret, marked shared by the platform or not. */
  const markShared = (shared: boolean) => {
    const ref = secretRef('shop-db');
    const found = fixture.cluster.peek<V1Secret>(ref)!;
    fixture.cluster.put({
      ...found,
      metadata: {
        ...found.metadata,
        annotations: shared ? { [SHARED_BY_OWNERS_ANNOTATION]: 'true' } : {},
      },
    });
  };

  describe('rotations', () => {
    it('rotates the JWT secret of a Running project: 202, new keys in the store, none in the answer', async () => {
      const project = await runningProject(fixture, keys);
      const before = await fixture.ctx.keys.get(project.uid);

      const res = await as().post(`/projects/${TEAM}/shop/rotate-jwt-secret`);

      expect(res.status).toBe(202);
      const after = await fixture.ctx.keys.get(project.uid);
      expect(after!.jwtSecret).not.toBe(before!.jwtSecret);
      expect(res.text).not.toContain(after!.jwtSecret);
      expect(res.text).not.toContain(before!.jwtSecret);
      expectClean(res.body);
    });

    it('gives a project whose keys are gone from the store and the cluster a whole new set when asked: 202, recorded', async () => {
      // It ran db-init once, then lost both copies: the pipeline made none.
      const created = await projectInPhase(fixture, 'DeployingSecrets');
      await fixture.store.updateProject(created.uid, {
        appliedSqlVersion: 'applied-before',
      });
      await deploySecrets(
        fixture.ctx,
        (await fixture.store.getProjectByUid(created.uid))!,
      );
      expect(await fixture.ctx.keys.get(created.uid)).toBeUndefined();

      const res = await as().post(`/projects/${TEAM}/shop/rotate-jwt-secret`);

      expect(res.status).toBe(202);
      const made = await fixture.ctx.keys.get(created.uid);
      expect(made?.jwtSecret).toBeTruthy();
      expect(res.text).not.toContain(made!.jwtSecret);
      const reasons = (await fixture.store.listEvents(created.uid)).map(
        e => e.reason,
      );
      expect(reasons).toEqual(
        expect.arrayContaining(['KeyMaterialLost', 'KeyMaterialRegenerated']),
      );
    });

    it('rotates the role passwords of a Running project: 202, every project kicked', async () => {
      const project = await runningProject(fixture, keys);

      const res = await as().post(
        `/projects/${TEAM}/shop/rotate-role-passwords`,
      );

      expect(res.status).toBe(202);
      expect(kicked).toContain(project.uid);
      const reasons = (await fixture.store.listEvents(project.uid)).map(
        e => e.reason,
      );
      expect(reasons).toContain('RolePasswordsRotated');
    });

    it('refuses an owner the role passwords of a server the platform shares: 403 saying why, nothing rotated; the platform team may', async () => {
      const project = await runningProject(fixture, keys);
      markShared(true);
      denied.add('supabase.server.shared.rotate');
      const rotate = () =>
        as().post(`/projects/${TEAM}/shop/rotate-role-passwords`);

      const owner = await rotate();

      expect(owner.status).toBe(403);
      expect(owner.body.error.message).toBe(
        `The database Secret "${TEAM}/shop-db" of ${TEAM}/shop names a server the platform shares between owners (supabase.backstage.io/shared-by-owners: "true"), where new role passwords restart every owner's projects: only the platform team (permission supabase.server.shared.rotate) may rotate them`,
      );
      expect(kicked).toEqual([]);
      const reasons = async () =>
        (await fixture.store.listEvents(project.uid)).map(e => e.reason);
      expect(await reasons()).not.toContain('RolePasswordsRotated');

      denied.delete('supabase.server.shared.rotate');
      expect((await rotate()).status).toBe(202);
      expect(await reasons()).toContain('RolePasswordsRotated');
    });

    it('refuses a rotation before the project runs with 409', async () => {
      await projectInPhase(fixture, 'InitializingDatabase');

      const res = await as().post(`/projects/${TEAM}/shop/rotate-jwt-secret`);

      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('once it is Running');
    });

    it('answers 403 without the rotate permission, changing no key', async () => {
      const project = await runningProject(fixture, keys);
      const before = await fixture.ctx.keys.get(project.uid);
      denied.add('supabase.project.rotate');

      const res = await as().post(`/projects/${TEAM}/shop/rotate-jwt-secret`);

      expect(res.status).toBe(403);
      expect((await fixture.ctx.keys.get(project.uid))!.jwtSecret).toBe(
        before!.jwtSecret,
      );
    });
  });

  describe('POST /projects/:namespace/:name/secrets/:secret/reveal', () => {
    it('reveals a secret on purpose: 200, not cached, audited as high', async () => {
      await runningProject(fixture, keys);
      const serviceKey = jwtSecretValues()[JWT_SECRET_KEYS.serviceKey];
      expect(serviceKey).toBeTruthy();

      const res = await as().post(
        `/projects/${TEAM}/shop/secrets/serviceRoleKey/reveal`,
      );

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ secret: 'serviceRoleKey', value: serviceKey });
      expect(audit).toEqual([
        {
          eventId: 'project-secret-reveal',
          severityLevel: 'high',
          meta: { namespace: TEAM, name: 'shop', secret: 'serviceRoleKey' },
          outcome: 'success',
        },
      ]);
    });

    it('never reveals the login of a database the project does not hold: 409 before its run there succeeded', async () => {
      const revealConnection = () =>
        as().post(`/projects/${TEAM}/shop/secrets/connectionString/reveal`);
      const refused = (res: { status: number; text: string }) => {
        expect(res.status).toBe(409);
        expect(res.text).not.toContain('a-password-of-the-user');
      };

      // A project whose run never succeeded, e.g. refused by a server or
      // database another owner holds, names a Secret it never held.
      const failed = await projectInPhase(fixture, 'Failed');
      const res = await revealConnection();
      refused(res);
      expect(res.body.error.message).toBe(
        `The database Secret "${TEAM}/shop-db" of ${TEAM}/shop names a database the project does not hold yet (it is Failed): its connection string is revealed once a db-init run there has succeeded`,
      );
      await fixture.store.deleteProject(failed.uid);

      // A Running project whose Secret now points at another database.
      await runningProject(fixture, keys);
      expect((await revealConnection()).status).toBe(200);
      fixture.createDatabaseSecret(TEAM, 'shop-db', { database: 'theirs' });
      refused(await revealConnection());
    });

    it('answers 403 without the secrets permission, revealing nothing, and audits the attempt', async () => {
      await runningProject(fixture, keys);
      const serviceKey = jwtSecretValues()[JWT_SECRET_KEYS.serviceKey];
      denied.add('supabase.project.secrets.read');

      const res = await as().post(
        `/projects/${TEAM}/shop/secrets/serviceRoleKey/reveal`,
      );

      expect(res.status).toBe(403);
      expect(res.text).not.toContain(serviceKey);
      expect(audit.map(a => [a.eventId, a.severityLevel, a.outcome])).toEqual([
        ['project-secret-reveal', 'high', 'failure'],
      ]);
    });

    describe("a shared server's admin login", () => {
      const SHARED_SERVER = 'supabase.server.shared.secrets.read';
      const reveal = (secret: string) =>
        as().post(`/projects/${TEAM}/shop/secrets/${secret}/reveal`);

      it('is not revealed to the owner: 403 saying why and who may, nothing revealed, audited', async () => {
        await runningProject(fixture, keys);
        markShared(true);
        denied.add(SHARED_SERVER);

        for (const secret of ['connectionString', 'studioCredentials']) {
          const res = await reveal(secret);
          expect(res.status).toBe(403);
          expect(res.body.error.message).toMatch(
            new RegExp(
              `^The database Secret "${TEAM}/shop-db" of ${TEAM}/shop names a server the platform shares between owners \\(supabase.backstage.io/shared-by-owners: "true"\\), where .* reaches every owner's database: only the platform team \\(permission ${SHARED_SERVER}\\) may reveal it$`,
            ),
          );
          expect(res.text).not.toContain('a-password-of-the-user');
          expect(res.text).not.toContain(
            jwtSecretValues()[JWT_SECRET_KEYS.dashboardPassword],
          );
        }
        expect(audit.map(a => a.outcome)).toEqual(['failure', 'failure']);
        // What belongs to the project alone stays the owner's to reveal.
        expect((await reveal('secretKey')).status).toBe(200);
      });

      it('is revealed to the platform team, and to the owner of a server that is not shared', async () => {
        await runningProject(fixture, keys);
        markShared(true);
        const platform = await reveal('connectionString');
        expect(platform.status).toBe(200);
        expect(platform.body.value).toContain('a-password-of-the-user');
        expect((await reveal('studioCredentials')).status).toBe(200);

        markShared(false);
        denied.add(SHARED_SERVER);
        const owner = await reveal('connectionString');
        expect(owner.status).toBe(200);
        expect(owner.body.value).toContain('a-password-of-the-user');
      });
    });

    it('refuses an unknown secret with 400 listing those there are', async () => {
      await runningProject(fixture, keys);

      const res = await as().post(
        `/projects/${TEAM}/shop/secrets/password/reveal`,
      );

      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid secret: secret: must be one of connectionString, serviceRoleKey, studioCredentials, secretKey (got "password")',
      );
    });
  });

  it('answers no project route with a secret: the keys and the database password stay out', async () => {
    await provisionToRunning(fixture);
    const values = jwtSecretValues();
    const secrets = [
      values[JWT_SECRET_KEYS.jwtSecret],
      values[JWT_SECRET_KEYS.serviceKey],
      values[JWT_SECRET_KEYS.secretKey],
      'a-password-of-the-user',
    ];
    secrets.forEach(secret => expect(secret).toBeTruthy());

    const answers = await Promise.all([
      as().get('/projects'),
      as().get(`/projects/${TEAM}/shop`),
      as().get(`/projects/${TEAM}/shop/events`),
      as().get(`/projects/${TEAM}/shop/db-init`),
      as().patch(`/projects/${TEAM}/shop`, { spec }),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      for (const secret of secrets) expect(answer.text).not.toContain(secret);
      expectClean(answer.body);
    }
  });

  describe('an outage of the store', () => {
    const refused = () =>
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
        code: 'ECONNREFUSED',
      });

    it('answers 503 with Retry-After and a one-line reason, no stack trace, no host', async () => {
      jest.spyOn(fixture.store, 'listProjects').mockRejectedValue(refused());

      const res = await as().get('/projects');

      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          "Backstage's database is not reachable right now; try again in a few seconds",
      });
      expect(res.text).not.toContain('10.0.0.5');
      expectClean(res.body);
    });

    it('answers 503 for a change too, and audits it as failed', async () => {
      jest.spyOn(fixture.store, 'createProject').mockRejectedValue(refused());

      const res = await as().post('/projects', {
        namespace: TEAM,
        name: 'shop',
        spec,
      });

      expect(res.status).toBe(503);
      expect(kicked).toEqual([]);
      expect(audit.map(a => a.outcome)).toEqual(['failure']);
    });
  });

  it('answers any other failure with 500 and no stack trace', async () => {
    jest
      .spyOn(fixture.store, 'getProject')
      .mockRejectedValue(new Error('something broke'));

    const res = await as().get(`/projects/${TEAM}/shop`);

    expect(res.status).toBe(500);
    expectClean(res.body);
  });
});

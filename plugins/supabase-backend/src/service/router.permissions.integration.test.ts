import {
  AuditorServiceCreateEventOptions,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import request from 'supertest';
import {
  actorKeepingHttpAuth,
  ownerPolicy,
  policyModule,
  testOrgUserInfo,
} from '../__testUtils__/ownerPolicy';
import {
  SupabaseTestBackend,
  startSupabaseBackend,
} from '../__testUtils__/startSupabaseBackend';
import {
  TestCluster,
  startTestCluster,
} from '../__testUtils__/startTestCluster';

jest.setTimeout(600_000);

const ALICE = 'user:default/alice'; // group:default/team-a
const BOB = 'user:default/bob'; // group:default/team-b
const CAROL = 'user:default/carol'; // reads only the namespace team-c
const ROOT = 'user:default/root'; // group:default/platform-admins
const PASSWORD = `p@ss:w/rd?#ü`;

describe('owner-based authorization through the permission backend', () => {
  let cluster: TestCluster;
  let env: SupabaseTestBackend;
  const audit: Array<{
    eventId: string;
    severityLevel?: string;
    meta?: Record<string, unknown>;
    outcome: string;
  }> = [];
  const auditor = mockServices.auditor.mock({
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const entry = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta as Record<string, unknown>,
      };
      return {
        success: async () => void audit.push({ ...entry, outcome: 'success' }),
        fail: async () => void audit.push({ ...entry, outcome: 'failure' }),
      };
    },
  });

  /** The plugin's API as one user. */
  const as = (user: string) => {
    const header = mockCredentials.user.header(user);
    const server = env.api.server;
    return {
      get: (path: string) =>
        request(server)
          .get(`/api/supabase${path}`)
          .set('Authorization', header),
      post: (path: string, body: object = {}) =>
        request(server)
          .post(`/api/supabase${path}`)
          .set('Authorization', header)
          .send(body),
      patch: (path: string, body: object) =>
        request(server)
          .patch(`/api/supabase${path}`)
          .set('Authorization', header)
          .send(body),
      delete: (path: string) =>
        request(server)
          .delete(`/api/supabase${path}`)
          .set('Authorization', header),
    };
  };

  const spec = { database: { secretRef: 'app-db', sslMode: 'disable' } };

  beforeAll(async () => {
    cluster = await startTestCluster({ postgresPassword: PASSWORD });
    for (const namespace of ['team-a', 'team-c']) {
      await cluster.createNamespace(namespace);
      await cluster.createDatabaseSecret(namespace, 'app-db');
    }
    env = await startSupabaseBackend(cluster, {
      config: { permission: { enabled: true } },
      services: [
        auditor.factory as ServiceFactory,
        testOrgUserInfo,
        actorKeepingHttpAuth,
      ],
      features: [
        permissionBackend,
        policyModule(
          ownerPolicy({ restrictReadToNamespace: { [CAROL]: 'team-c' } }),
        ),
      ],
    });
    const created = await as(ALICE).post('/projects', {
      namespace: 'team-a',
      name: 'shop',
      spec,
      owner: 'group:default/team-a',
    });
    if (created.status !== 201) {
      throw new Error(`Could not create the project: ${created.text}`);
    }
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  it('records the chosen owner', async () => {
    const project = await as(ALICE).get('/projects/team-a/shop');
    expect(project.body.owner).toBe('group:default/team-a');
  });

  it("lets another team's member read the project but nothing else", async () => {
    const bob = as(BOB);
    expect((await bob.get('/projects/team-a/shop')).status).toBe(200);
    expect((await bob.get('/projects/team-a/shop/events')).status).toBe(200);
    expect((await bob.get('/projects/team-a/shop/db-init')).status).toBe(200);
    const list = await bob.get('/projects');
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain(
      'shop',
    );

    const refused = {
      'PATCH spec': bob.patch('/projects/team-a/shop', {
        spec: { ...spec, jwt: { expirySeconds: 7200 } },
      }),
      DELETE: bob.delete('/projects/team-a/shop'),
      'rotate-jwt-secret': bob.post('/projects/team-a/shop/rotate-jwt-secret'),
      'rotate-role-passwords': bob.post(
        '/projects/team-a/shop/rotate-role-passwords',
      ),
      retry: bob.post('/projects/team-a/shop/retry'),
      'archived log': bob.get(
        '/projects/team-a/shop/db-init/runs/1/attempts/1/log',
      ),
      'log stream': bob.get('/projects/team-a/shop/db-init/logs'),
      'connection string': bob.post(
        '/projects/team-a/shop/secrets/connectionString/reveal',
      ),
      'service_role key': bob.post(
        '/projects/team-a/shop/secrets/serviceRoleKey/reveal',
      ),
      'Studio credentials': bob.post(
        '/projects/team-a/shop/secrets/studioCredentials/reveal',
      ),
    };
    for (const [what, pending] of Object.entries(refused)) {
      const res = await pending;
      expect({ what, status: res.status }).toEqual({ what, status: 403 });
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toMatch(
        /^Missing permission supabase\.project\.[a-z.]+ on project team-a\/shop$/,
      );
      expect(JSON.stringify(res.body)).not.toContain('ss:w');
    }
    // Nothing changed, and the refusals are audited as failures.
    const project = (await bob.get('/projects/team-a/shop')).body;
    expect(project.generation).toBe(1);
    expect(project.phase).not.toBe('Deleting');
    expect(
      audit.filter(
        e => e.eventId === 'project-delete' && e.outcome === 'failure',
      ),
    ).toHaveLength(1);
  });

  it('lets a member of the owning group act on the project', async () => {
    const alice = as(ALICE);
    // Not Running yet, or Running: either way not refused for permission.
    const rotate = await alice.post('/projects/team-a/shop/rotate-jwt-secret');
    expect(rotate.status).not.toBe(403);
    const log = await alice.get(
      '/projects/team-a/shop/db-init/runs/99/attempts/1/log',
    );
    expect(log.status).toBe(404);
    const patched = await alice.patch('/projects/team-a/shop', {
      spec: { ...spec, jwt: { expirySeconds: 7200 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.generation).toBe(2);
  });

  it('reveals the connection string to the owner, on purpose, audited', async () => {
    // Only a database the project holds: its db-init run must have succeeded.
    expect((await env.api.waitForSettled('team-a/shop')).phase).toBe('Running');
    const res = await as(ALICE).post(
      '/projects/team-a/shop/secrets/connectionString/reveal',
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const url = new URL(res.body.value);
    expect(decodeURIComponent(url.password)).toBe(PASSWORD);
    expect(decodeURIComponent(url.username)).toBe(cluster.postgres.user);
    expect(url.port).toBe(String(cluster.postgres.port));
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(audit).toContainEqual({
      eventId: 'project-secret-reveal',
      severityLevel: 'high',
      meta: { namespace: 'team-a', name: 'shop', secret: 'connectionString' },
      outcome: 'success',
    });
    // Never in the project's own responses.
    const project = await as(ALICE).get('/projects/team-a/shop');
    expect(JSON.stringify(project.body)).not.toContain(
      encodeURIComponent(PASSWORD),
    );
    const unknown = await as(ALICE).post(
      '/projects/team-a/shop/secrets/password/reveal',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('secret: must be one of');
  });

  it('refuses an owner that is not an entity ref of a user or group, naming the field', async () => {
    for (const owner of ['team-a', 'component:default/x', '']) {
      const res = await as(ALICE).post('/projects', {
        namespace: 'team-a',
        name: 'bad-owner',
        spec,
        owner,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^Invalid project: owner: must be the entity ref of a user or group/,
      );
    }
    const patch = await as(ALICE).patch('/projects/team-a/shop', {
      owner: 'not a ref',
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toContain('owner: must be the entity ref');
  });

  it('refuses to give a project to a group the caller is not in, unless admin', async () => {
    const toTeamB = { owner: 'group:default/team-b' };
    const refused = await as(ALICE).patch('/projects/team-a/shop', toTeamB);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^owner: you may not make group:default\/team-b the owner of team-a\/shop/,
    );
    const create = await as(ALICE).post('/projects', {
      namespace: 'team-a',
      name: 'gift',
      spec,
      owner: 'group:default/team-b',
    });
    expect(create.status).toBe(403);

    const moved = await as(ROOT).patch('/projects/team-a/shop', toTeamB);
    expect(moved.status).toBe(200);
    expect(moved.body.owner).toBe('group:default/team-b');
    const events = await as(ROOT).get('/projects/team-a/shop/events');
    expect(events.body.items).toContainEqual(
      expect.objectContaining({
        reason: 'OwnerChanged',
        message: 'Owner: group:default/team-a → group:default/team-b',
      }),
    );
    // Now the other way round.
    expect(
      (await as(ALICE).post('/projects/team-a/shop/rotate-role-passwords'))
        .status,
    ).toBe(403);
    expect(
      (
        await as(BOB).post(
          '/projects/team-a/shop/secrets/connectionString/reveal',
        )
      ).status,
    ).toBe(200);
  });

  it('applies a conditional read decision to the list, single reads and the status stream', async () => {
    const created = await as(ROOT).post('/projects', {
      namespace: 'team-c',
      name: 'notes',
      spec,
      owner: 'group:default/team-c',
    });
    expect(created.status).toBe(201);
    const carol = as(CAROL);
    const list = await carol.get('/projects');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      totalCount: 1,
      items: [{ namespace: 'team-c', name: 'notes' }],
    });
    expect((await carol.get('/projects/team-c/notes')).status).toBe(200);
    expect((await carol.get('/projects/team-a/shop')).status).toBe(403);
    expect((await carol.get('/stream?namespace=team-a&name=shop')).status).toBe(
      403,
    );
  });

  it('streams to a restricted reader only the projects the decision admits', async () => {
    const server = env.api.server as import('node:http').Server;
    const { port } = server.address() as import('node:net').AddressInfo;
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${port}/api/supabase/stream`,
      {
        headers: { Authorization: mockCredentials.user.header(CAROL) },
        signal: controller.signal,
      },
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`Stream ended before ${needle}: ${text}`);
        text += Buffer.from(value).toString('utf8');
      }
    };
    // A change to another team's project first, then to one carol may read.
    await as(ROOT).post('/projects', {
      namespace: 'team-a',
      name: 'hidden',
      spec,
      owner: 'group:default/team-a',
    });
    await as(ROOT).post('/projects', {
      namespace: 'team-c',
      name: 'seen',
      spec,
      owner: 'group:default/team-c',
    });
    await readUntil('"name":"seen"');
    controller.abort();
    expect(text).toContain('"namespace":"team-c"');
    expect(text).not.toContain('"namespace":"team-a"');
  });
});

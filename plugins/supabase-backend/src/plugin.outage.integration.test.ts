import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  startSupabaseBackend,
  SupabaseTestBackend,
} from './__testUtils__/startSupabaseBackend';
import { waitUntil } from './__testUtils__/waitUntil';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

const spec = { database: { secretRef: 'db', sslMode: 'disable' } };

describe('an outage of the store', () => {
  let cluster: TestCluster;
  let dataDir: string;
  let storeServer: LocalPostgres;
  let knex: Knex;
  let env: SupabaseTestBackend;

  /** Backstage's database: a throwaway PostgreSQL that can be stopped and started again. */
  const startStore = (port?: number) =>
    startLocalPostgres({ dataDir, port, password: 'store-password' });

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.createNamespace('team-o');
    await cluster.createDatabaseSecret('team-o', 'db');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supabase-store-'));
    storeServer = await startStore();
    knex = knexFactory({
      client: 'pg',
      connection: storeServer.connectionString,
      // As Backstage's own default: give up on a connection quickly.
      acquireConnectionTimeout: 10_000,
    });
    env = await startSupabaseBackend(cluster, { knex });
  });

  afterAll(async () => {
    await env?.stop();
    await knex?.destroy();
    await storeServer?.stop();
    await cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const health = () => request(env.api.server).get('/api/supabase/health');

  it('answers 503 while the store is down, health says why, and nothing is lost', async () => {
    await env.api
      .post('/projects', { namespace: 'team-o', name: 'up', spec })
      .expect(201);
    await env.api.get('/projects').expect(200);
    expect((await health()).status).toBe(200);

    const port = storeServer.port;
    await storeServer.stop();

    // Pooled connections find out on their first use: wait for the 503.
    await waitUntil(
      'the list answers 503',
      async () => (await env.api.get('/projects')).status === 503,
    );
    // What a 503 says (Retry-After, one line, no stack trace, no host) is
    // service/router.test.ts's; here, that a real outage leads to it.
    const refused = await env.api.post('/projects', {
      namespace: 'team-o',
      name: 'down',
      spec,
    });
    expect(refused.status).toBe(503);

    await waitUntil(
      'health reports the store',
      async () => (await health()).status === 503,
    );
    const down = await health();
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toEqual({
      status: 'unavailable',
      checks: {
        store: { status: 'unavailable', message: 'store is not reachable' },
        'cluster:default': { status: 'ok' },
      },
    });

    // Back again: so are the answers, and nothing was lost.
    storeServer = await startStore(port);
    await waitUntil(
      'health is ok again',
      async () => (await health()).status === 200,
    );
    await waitUntil(
      'the project answers again',
      async () => (await env.api.get('/projects/team-o/up')).status === 200,
    );
    expect((await env.api.get('/projects/team-o/down')).status).toBe(404);
  });
});

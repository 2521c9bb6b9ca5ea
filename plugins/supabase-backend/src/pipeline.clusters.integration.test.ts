import request from 'supertest';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import {
  startSupabaseBackend,
  SupabaseTestBackend,
} from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { waitUntil } from './__testUtils__/waitUntil';
import { objectNames } from './resources';

// Two local clusters, each with its own PostgreSQL.
jest.setTimeout(600_000);

const NAMESPACE = 'team-x';
const spec = (cluster?: string) => ({
  ...(cluster ? { cluster } : {}),
  database: { serverSecretRef: 'db', sslMode: 'disable' },
});

describe('projects on several clusters', () => {
  let east: TestCluster;
  let west: TestCluster;
  let env: SupabaseTestBackend;

  /** Whether the project's anchor ConfigMap is on the cluster. */
  const anchorOn = async (cluster: TestCluster, name: string) => {
    const k8s = await import('@kubernetes/client-node');
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    try {
      await core.readNamespacedConfigMap({
        namespace: NAMESPACE,
        name: objectNames(name).anchor,
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  };

  const create = (name: string, cluster?: string) =>
    env.api.post('/projects', {
      namespace: NAMESPACE,
      name,
      spec: spec(cluster),
    });

  const running = (p?: SupabaseProject) => p?.phase === 'Running';

  beforeAll(async () => {
    [east, west] = await Promise.all([startTestCluster(), startTestCluster()]);
    for (const cluster of [east, west]) {
      await cluster.createNamespace(NAMESPACE);
      await cluster.createDatabaseSecret(NAMESPACE, 'db', {
        database: 'postgres',
      });
    }
    // `east` is listed first: the default.
    env = await startSupabaseBackend({ east, west });
  });

  afterAll(async () => {
    await env?.stop();
    await Promise.all([east?.stop(), west?.stop()]);
  });

  it('provisions each project on the cluster it names, the first by default, and nowhere else', async () => {
    const onDefault = await create('plain').expect(201);
    expect(onDefault.body.spec.cluster).toBe('east');
    const onWest = await create('far', 'west').expect(201);
    expect(onWest.body.spec.cluster).toBe('west');

    await env.api.waitFor(`${NAMESPACE}/plain`, running, 120_000);
    await env.api.waitFor(`${NAMESPACE}/far`, running, 120_000);
    expect(await anchorOn(east, 'plain')).toBe(true);
    expect(await anchorOn(west, 'plain')).toBe(false);
    expect(await anchorOn(west, 'far')).toBe(true);
    expect(await anchorOn(east, 'far')).toBe(false);
  });

  it('refuses a cluster that is not configured, listing those that are, and a move', async () => {
    const unknown = await create('lost', 'north').expect(400);
    expect(unknown.body.error.message).toContain(
      'spec.cluster: no cluster is named "north"; the configured clusters are "east", "west"',
    );
    expect((await env.api.get(`/projects/${NAMESPACE}/lost`)).status).toBe(404);

    const move = await env.api
      .patch(`/projects/${NAMESPACE}/far`, {
        spec: { ...spec('east'), studio: { publicUrl: 'https://x.example' } },
      })
      .expect(400);
    expect(move.body.error.message).toContain(
      'spec.cluster: a project cannot move to another cluster ("west" → "east")',
    );
    const far = await env.api.get(`/projects/${NAMESPACE}/far`).expect(200);
    expect(far.body.spec.cluster).toBe('west');
    expect(far.body.generation).toBe(1);
  });

  it('while one cluster is down, only its projects wait, with a warning; the others reconcile', async () => {
    await west.cluster.stop();
    await create('late-west', 'west').expect(201);
    await create('late-east').expect(201);

    const waiting = await env.api.waitFor(
      `${NAMESPACE}/late-west`,
      p => !!p?.warnings?.some(w => w.code === 'ClusterUnavailable'),
      120_000,
    );
    expect(waiting!.warnings).toContainEqual({
      code: 'ClusterUnavailable',
      message: expect.stringContaining('Cluster "west" does not answer'),
    });
    expect(waiting!.phase).not.toBe('Failed');

    await env.api.waitFor(`${NAMESPACE}/late-east`, running, 120_000);
    const eastProject = await env.api.get(`/projects/${NAMESPACE}/late-east`);
    expect(
      (eastProject.body.warnings ?? []).map((w: { code: string }) => w.code),
    ).not.toContain('ClusterUnavailable');
    expect(
      (await env.api.get(`/projects/${NAMESPACE}/late-west`)).body.phase,
    ).not.toBe('Failed');

    // The replica still serves: degraded, naming the cluster that is down.
    const health = await waitUntil('health names west', async () => {
      const res = await request(env.api.server).get('/api/supabase/health');
      return res.body.checks?.['cluster:west']?.status === 'unavailable' && res;
    });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'degraded',
      checks: {
        store: { status: 'ok' },
        'cluster:east': { status: 'ok' },
        'cluster:west': {
          status: 'unavailable',
          message: 'cluster:west is not reachable',
        },
      },
    });
  });
});

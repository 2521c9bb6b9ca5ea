import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { supabasePlugin } from './plugin';
import { clusterLocatorConfig } from './__testUtils__/clusterLocatorConfig';
import { TEST_ENCRYPTION_KEY } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';
import { spec } from './schema/openapi/generated';

// A local cluster and a PostgreSQL start and stop around the tests.
jest.setTimeout(120_000);

describe('supabasePlugin', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster?.stop());

  it('reads its cluster from kubernetes.clusterLocatorMethods, as an adopter lists it, and answers /health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        supabasePlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: clusterLocatorConfig({ local: cluster }),
            supabase: { secretsEncryptionKey: TEST_ENCRYPTION_KEY },
          },
        }),
      ],
    });
    const res = await request(server).get('/api/supabase/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { store: { status: 'ok' }, 'cluster:local': { status: 'ok' } },
    });
  });

  it('fails at start without a cluster, saying what to configure', async () => {
    await expect(
      startTestBackend({
        features: [
          supabasePlugin,
          mockServices.rootConfig.factory({
            data: { supabase: { secretsEncryptionKey: TEST_ENCRYPTION_KEY } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /No Kubernetes cluster is configured for supabase\. List your clusters under kubernetes\.clusterLocatorMethods/,
    );
  });

  it('serves the OpenAPI document its router is typed by, every route under its base', async () => {
    const { server } = await startTestBackend({
      features: [
        supabasePlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: clusterLocatorConfig({ local: cluster }),
            supabase: { secretsEncryptionKey: TEST_ENCRYPTION_KEY },
          },
        }),
      ],
    });
    const res = await request(server)
      .get('/api/supabase/openapi.json')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.info.title).toBe(spec.info.title);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      Object.keys(spec.paths)
        .map(path => `/api/supabase${path}`)
        .sort(),
    );
    expect(res.body.components.schemas.ProjectSpec).toEqual(
      spec.components.schemas.ProjectSpec,
    );
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { supabasePlugin } from './plugin';
import { spec } from './schema/openapi/generated';

// Local mode starts a cluster and a PostgreSQL, and stops them after.
jest.setTimeout(60_000);

describe('supabasePlugin', () => {
  it('answers /health through the backend without credentials, with each check', async () => {
    const { server } = await startTestBackend({
      features: [supabasePlugin, mockServices.rootConfig.factory()],
    });
    const res = await request(server).get('/api/supabase/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { store: { status: 'ok' }, cluster: { status: 'ok' } },
    });
  });

  it('serves the OpenAPI document its router is typed by, every route under its base', async () => {
    const { server } = await startTestBackend({
      features: [supabasePlugin, mockServices.rootConfig.factory()],
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

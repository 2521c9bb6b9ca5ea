import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { supabasePlugin } from './plugin';

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
});

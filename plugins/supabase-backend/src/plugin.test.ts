import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { supabasePlugin } from './plugin';

describe('supabasePlugin', () => {
  it('answers /health through the backend without credentials', async () => {
    const { server } = await startTestBackend({
      features: [supabasePlugin, mockServices.rootConfig.factory()],
    });
    const res = await request(server).get('/api/supabase/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

import type { V1Secret } from '@kubernetes/client-node';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { buildProjectSecrets } from './secrets';
import { environmentOf } from '../__testUtils__/componentEnvironment';
import { testOwner, testProject } from '../__testUtils__/testProject';

/**
 * How each component turns what it is given into the HMAC key it verifies
 * HS256 tokens with, after each one's own source. A component is given a
 * secret in one variable and maybe a flag that changes its encoding.
 */
const COMPONENT_KEY_READERS: Array<{
  component: string;
  how: string;
  key(env: Record<string, string>): Uint8Array;
}> = [
  {
    component: 'auth',
    how: 'GoTrue (Go): []byte(GOTRUE_JWT_SECRET)',
    key: env => new TextEncoder().encode(env.GOTRUE_JWT_SECRET),
  },
  {
    component: 'rest',
    how: 'PostgREST: PGRST_JWT_SECRET, base64-decoded only with PGRST_JWT_SECRET_IS_BASE64=true; a JSON JWK is parsed; else its UTF-8 bytes, at least 32 of them',
    key: env => {
      const secret = env.PGRST_JWT_SECRET;
      if (env.PGRST_JWT_SECRET_IS_BASE64 === 'true') {
        return Buffer.from(
          secret.replace(/-/g, '+').replace(/_/g, '/'),
          'base64',
        );
      }
      if (secret.trim().startsWith('{')) {
        // A JWKS: its symmetric key (`oct`, base64url) verifies HS256.
        const oct = (JSON.parse(secret).keys as Array<Record<string, string>>)
          .filter(k => k.kty === 'oct')
          .map(k => Buffer.from(k.k, 'base64url'));
        if (oct.length !== 1) throw new Error('No symmetric key in the JWKS');
        return oct[0];
      }
      const bytes = new TextEncoder().encode(secret);
      if (bytes.length < 32) {
        throw new Error('PostgREST refuses a secret under 32 characters');
      }
      return bytes;
    },
  },
  {
    component: 'realtime',
    how: 'Realtime (Elixir, Joken): API_JWT_SECRET as a binary',
    key: env => new TextEncoder().encode(env.API_JWT_SECRET),
  },
  {
    component: 'storage',
    how: 'Storage API (Node, jose): the AUTH_JWT_SECRET string (formerly PGRST_JWT_SECRET), UTF-8',
    key: env => new TextEncoder().encode(env.AUTH_JWT_SECRET),
  },
  {
    component: 'studio',
    how: 'Studio (Node): the AUTH_JWT_SECRET string, UTF-8',
    key: env => new TextEncoder().encode(env.AUTH_JWT_SECRET),
  },
  {
    component: 'functions',
    how: 'Edge runtime (Deno, jose): the JWT_SECRET string, UTF-8',
    key: env => new TextEncoder().encode(env.JWT_SECRET),
  },
];

async function verifies(token: string, key: Uint8Array): Promise<unknown> {
  const { jwtVerify } = await import('jose');
  try {
    return (await jwtVerify(token, key, { algorithms: ['HS256'] })).payload
      .role;
  } catch {
    return undefined;
  }
}

describe('one JWT secret encoding everywhere', () => {
  const spec: ProjectSpec = {
    database: { secretRef: 'db' },
    storage: { secretRef: 's3' },
    functions: { enabled: true },
  };
  let jwt: V1Secret;
  let keys: { anonKey: string; serviceKey: string };

  beforeAll(async () => {
    jwt = await buildProjectSecrets(testProject({ spec }), testOwner, {});
    const value = (key: string) =>
      Buffer.from(jwt.data![key], 'base64').toString('utf8');
    keys = { anonKey: value('anonKey'), serviceKey: value('serviceKey') };
  });

  it.each(COMPONENT_KEY_READERS)(
    '$component verifies the anon and service_role keys with the secret as it reads it: $how',
    async ({ component, key }) => {
      const bytes = key(environmentOf(spec, component, [jwt]));
      expect(await verifies(keys.anonKey, bytes)).toBe('anon');
      expect(await verifies(keys.serviceKey, bytes)).toBe('service_role');
    },
  );

  it('catches a component told to read the secret another way', async () => {
    const base64 = {
      ...spec,
      components: { rest: { env: { PGRST_JWT_SECRET_IS_BASE64: 'true' } } },
    };
    const rest = COMPONENT_KEY_READERS.find(r => r.component === 'rest')!;
    const bytes = rest.key(environmentOf(base64, 'rest', [jwt]));
    expect(await verifies(keys.anonKey, bytes)).toBeUndefined();
  });

  it('gives Kong the keys it checks API requests against from the same Secret', () => {
    const kong = environmentOf(spec, 'kong', [jwt]);
    expect(kong.SUPABASE_ANON_KEY).toBe(keys.anonKey);
    expect(kong.SUPABASE_SERVICE_KEY).toBe(keys.serviceKey);
  });
});

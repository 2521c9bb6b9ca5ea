import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KONG_START } from './componentDefinitions';
import { buildComponentObjects } from './components';
import { opaqueApiKeyKind } from './opaqueApiKeys';
import {
  ProjectKeys,
  buildProjectSecrets,
  completeProjectKeys,
} from './secrets';
import { rotateProjectSigningKeys } from './signingKeyRotation';
import { parseSigningKeys } from './signingKeys';
import { environmentOf } from '../__testUtils__/componentEnvironment';
import { testOwner, testProject } from '../__testUtils__/testProject';

type Jwk = Record<string, string>;
type VerifierKeys = { jwks: Jwk[]; secrets: string[] };

const specWith = (legacy: boolean): ProjectSpec => ({
  database: { secretRef: 'db' },
  storage: { secretRef: 's3' },
  functions: { enabled: true },
  apiKeys: { legacy },
});

/**
 * How each component that verifies tokens reads its keys from the
 * environment it is given, after each one's own source: a JWKS (ES256 by
 * `kid`, HS256 with its `oct` keys), and for some a symmetric secret that
 * HS256 tokens are also checked with.
 */
const VERIFIERS: Array<{
  component: string;
  how: string;
  keys(env: Record<string, string>): VerifierKeys;
}> = [
  {
    component: 'auth',
    how: 'Auth: GOTRUE_JWT_KEYS, a list of JWKs; its secret is unused once keys are given',
    keys: env => ({ jwks: JSON.parse(env.GOTRUE_JWT_KEYS), secrets: [] }),
  },
  {
    component: 'rest',
    how: 'PostgREST: PGRST_JWT_SECRET holding a JWKS',
    keys: env => ({ jwks: JSON.parse(env.PGRST_JWT_SECRET).keys, secrets: [] }),
  },
  {
    component: 'realtime',
    how: 'Realtime: API_JWT_JWKS, and API_JWT_SECRET for HS256',
    keys: env => ({
      jwks: JSON.parse(env.API_JWT_JWKS).keys,
      secrets: [env.API_JWT_SECRET],
    }),
  },
  {
    component: 'storage',
    how: 'Storage: JWT_JWKS, and AUTH_JWT_SECRET for HS256',
    keys: env => ({
      jwks: JSON.parse(env.JWT_JWKS).keys,
      secrets: [env.AUTH_JWT_SECRET],
    }),
  },
  {
    component: 'functions',
    how: 'Edge runtime: SUPABASE_JWKS, and JWT_SECRET for HS256',
    keys: env => ({
      jwks: JSON.parse(env.SUPABASE_JWKS).keys,
      secrets: [env.JWT_SECRET],
    }),
  },
];

/** The role of a token that verifies with these keys, as jose checks it. */
async function verify(
  token: string,
  { jwks, secrets }: VerifierKeys,
): Promise<string | undefined> {
  const { decodeProtectedHeader, importJWK, jwtVerify } = await import('jose');
  const { alg, kid } = decodeProtectedHeader(token);
  const candidates =
    alg === 'ES256'
      ? await Promise.all(
          jwks
            .filter(k => k.kty === 'EC' && k.kid === kid)
            // The public part only: what a verifier may hold.
            .map(({ kty, crv, x, y }) =>
              importJWK({ kty, crv, x, y }, 'ES256'),
            ),
        )
      : [
          ...jwks
            .filter(k => k.kty === 'oct')
            .map(k => Buffer.from(k.k, 'base64url')),
          ...secrets.map(s => new TextEncoder().encode(s)),
        ];
  for (const key of candidates) {
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: [alg!] });
      return payload.role as string;
    } catch {
      // Another key may be the one.
    }
  }
  return undefined;
}

/** A user's session token as Auth signs it: with its key marked `sign`. */
async function authSignedToken(authEnv: Record<string, string>) {
  const { SignJWT, importJWK } = await import('jose');
  const signer = (JSON.parse(authEnv.GOTRUE_JWT_KEYS) as Jwk[]).find(k =>
    (k.key_ops as unknown as string[])?.includes('sign'),
  )!;
  const token = await new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
    .setExpirationTime('1h')
    .sign(
      await importJWK(
        {
          kty: signer.kty,
          crv: signer.crv,
          x: signer.x,
          y: signer.y,
          d: signer.d,
        },
        'ES256',
      ),
    );
  return { token, kid: signer.kid };
}

const value = (secret: V1Secret, key: string) =>
  Buffer.from(secret.data![key], 'base64').toString('utf8');

async function projectSecret(spec: ProjectSpec, keys: ProjectKeys) {
  return buildProjectSecrets(testProject({ spec }), testOwner, keys);
}

/** What every verifier makes of a token: component → role or undefined. */
async function verifiedBy(spec: ProjectSpec, secret: V1Secret, token: string) {
  const result: Record<string, string | undefined> = {};
  for (const { component, keys } of VERIFIERS) {
    result[component] = await verify(
      token,
      keys(environmentOf(spec, component, [secret])),
    );
  }
  return result;
}

const everywhere = (role: string | undefined) =>
  Object.fromEntries(VERIFIERS.map(v => [v.component, role]));

describe.each([true, false])('with legacy keys %s', legacy => {
  const spec = specWith(legacy);
  let secret: V1Secret;

  beforeAll(async () => {
    secret = await projectSecret(spec, await completeProjectKeys({}));
  });

  it("has a publishable and a secret key in upstream's format", () => {
    expect(opaqueApiKeyKind(value(secret, 'publishableKey'))).toBe(
      'publishable',
    );
    expect(opaqueApiKeyKind(value(secret, 'secretKey'))).toBe('secret');
  });

  it.each(VERIFIERS)(
    '$component verifies the ES256 tokens with the keys it is given: $how',
    async ({ component, keys }) => {
      const verifier = keys(environmentOf(spec, component, [secret]));
      expect(JSON.stringify(verifier.jwks)).not.toMatch(
        component === 'auth' ? /^$/ : /"d":/,
      );
      expect(await verify(value(secret, 'anonKeyAsymmetric'), verifier)).toBe(
        'anon',
      );
      expect(
        await verify(value(secret, 'serviceKeyAsymmetric'), verifier),
      ).toBe('service_role');
      const { token } = await authSignedToken(
        environmentOf(spec, 'auth', [secret]),
      );
      expect(await verify(token, verifier)).toBe('authenticated');
    },
  );

  it(`${
    legacy ? 'verifies' : 'rejects'
  } the legacy HS256 keys at every component`, async () => {
    expect(await verifiedBy(spec, secret, value(secret, 'anonKey'))).toEqual(
      everywhere(legacy ? 'anon' : undefined),
    );
    expect(await verifiedBy(spec, secret, value(secret, 'serviceKey'))).toEqual(
      everywhere(legacy ? 'service_role' : undefined),
    );
  });

  it('gives the components that call the gateway keys it accepts', () => {
    for (const [component, anon, service] of [
      ['studio', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_KEY'],
      ['functions', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'],
    ]) {
      const env = environmentOf(spec, component, [secret]);
      expect(env[anon]).toBe(
        value(secret, legacy ? 'anonKey' : 'publishableKey'),
      );
      expect(env[service]).toBe(
        value(secret, legacy ? 'serviceKey' : 'secretKey'),
      );
    }
  });
});

describe('a signing-key rotation: standby, current, revoke', () => {
  const spec = specWith(false);

  it('keeps old tokens valid at every component until revocation, and rejects them after', async () => {
    let keys = await completeProjectKeys({});
    let secret = await projectSecret(spec, keys);
    const old = await authSignedToken(environmentOf(spec, 'auth', [secret]));
    const oldAnon = value(secret, 'anonKeyAsymmetric');

    keys = await rotateProjectSigningKeys(keys, { step: 'create-standby' });
    const standby = parseSigningKeys(keys.signingKeys).find(
      k => k.state === 'standby',
    )!;
    secret = await projectSecret(spec, keys);
    // Auth still signs with the old key; everyone already knows the new one.
    expect(
      (await authSignedToken(environmentOf(spec, 'auth', [secret]))).kid,
    ).toBe(old.kid);
    for (const { component, keys: read } of VERIFIERS) {
      const verifier = read(environmentOf(spec, component, [secret]));
      expect(verifier.jwks.map(k => k.kid)).toContain(standby.kid);
    }
    expect(await verifiedBy(spec, secret, old.token)).toEqual(
      everywhere('authenticated'),
    );

    keys = await rotateProjectSigningKeys(keys, {
      step: 'make-current',
      kid: standby.kid,
    });
    secret = await projectSecret(spec, keys);
    const fresh = await authSignedToken(environmentOf(spec, 'auth', [secret]));
    expect(fresh.kid).toBe(standby.kid);
    expect(await verifiedBy(spec, secret, fresh.token)).toEqual(
      everywhere('authenticated'),
    );
    expect(await verifiedBy(spec, secret, old.token)).toEqual(
      everywhere('authenticated'),
    );
    // The gateway's tokens are signed again by the new key.
    const newAnon = value(secret, 'anonKeyAsymmetric');
    expect(newAnon).not.toBe(oldAnon);
    expect(await verifiedBy(spec, secret, newAnon)).toEqual(everywhere('anon'));

    keys = await rotateProjectSigningKeys(keys, {
      step: 'revoke',
      kid: old.kid,
    });
    secret = await projectSecret(spec, keys);
    expect(await verifiedBy(spec, secret, old.token)).toEqual(
      everywhere(undefined),
    );
    expect(await verifiedBy(spec, secret, oldAnon)).toEqual(
      everywhere(undefined),
    );
    expect(await verifiedBy(spec, secret, fresh.token)).toEqual(
      everywhere('authenticated'),
    );
    expect(await verifiedBy(spec, secret, newAnon)).toEqual(everywhere('anon'));
  });
});

/**
 * Runs Kong's start command as the container would, up to starting Kong,
 * with the environment the Deployment gives it: the config it would load.
 */
function startKong(spec: ProjectSpec, secret: V1Secret) {
  const objects = buildComponentObjects(testProject({ spec }), testOwner);
  const configMap = objects.find(
    o => o.kind === 'ConfigMap' && o.metadata?.name === 'shop-kong',
  ) as V1ConfigMap;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kong-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.json'), configMap.data!['kong.json']);
    const script = KONG_START.replace('/config/kong.json', `${dir}/in.json`)
      .replace('/usr/local/kong/kong.json', `${dir}/out.json`)
      .replace('exec /entrypoint.sh kong docker-start', 'true');
    expect(script).not.toContain('/entrypoint.sh');
    const run = spawnSync('sh', ['-c', script], {
      env: {
        PATH: process.env.PATH,
        ...environmentOf(spec, 'kong', [secret]),
      },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return JSON.parse(fs.readFileSync(path.join(dir, `out.json`), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A request-transformer expression, `$(<Lua>)`, evaluated for a request.
 * The expressions use only Lua that reads the same in JavaScript once
 * spelled so (and/or, ==/~=, .., nil, :sub).
 */
function evaluate(
  expression: string,
  request: {
    headers?: Record<string, string>;
    query_params?: Record<string, string>;
  },
): string | undefined {
  const lua = /^\$\((.*)\)$/.exec(expression)![1];
  const js = lua
    .replace(/:sub\((\d+), (\d+)\)/g, (_, a, b) => `.slice(${a - 1}, ${b})`)
    .replace(/ ~= /g, ' !== ')
    .replace(/ == /g, ' === ')
    .replace(/ and /g, ' && ')
    .replace(/ or /g, ' || ')
    .replace(/ \.\. /g, ' + ')
    .replace(/\bnil\b/g, 'undefined');
  // eslint-disable-next-line no-new-func
  return new Function('headers', 'query_params', `return (${js});`)(
    request.headers ?? {},
    request.query_params ?? {},
  );
}

describe("Kong: accepts the publishable and secret keys as upstream's gateway does", () => {
  it.each([true, false])(
    'passes components a token they verify (legacy keys %s)',
    async legacy => {
      const spec = specWith(legacy);
      const secret = await projectSecret(spec, await completeProjectKeys({}));
      const config = startKong(spec, secret);
      const consumer = (name: string) =>
        config.consumers
          .find((c: { username: string }) => c.username === name)
          .keyauth_credentials.map((c: { key: string }) => c.key);
      expect(consumer('anon')).toEqual([
        ...(legacy ? [value(secret, 'anonKey')] : []),
        value(secret, 'publishableKey'),
      ]);
      expect(consumer('service_role')).toEqual([
        ...(legacy ? [value(secret, 'serviceKey')] : []),
        value(secret, 'secretKey'),
      ]);

      const rest = config.services.find(
        (s: { name: string }) => s.name === 'rest-v1',
      );
      const transformer = rest.plugins.find(
        (p: { name: string }) => p.name === 'request-transformer',
      );
      const [header, expression] =
        transformer.config.replace.headers[0].split(/: (.*)/s);
      expect(header).toBe('Authorization');
      const restKeys = VERIFIERS.find(v => v.component === 'rest')!.keys(
        environmentOf(spec, 'rest', [secret]),
      );
      const passedOn = async (headers: Record<string, string>) => {
        const authorization = evaluate(expression, { headers });
        return verify(authorization!.replace(/^Bearer /, ''), restKeys);
      };
      const publishable = value(secret, 'publishableKey');
      const secretKey = value(secret, 'secretKey');
      // As supabase-js sends them: the key, and the key as bearer token.
      expect(
        await passedOn({
          apikey: publishable,
          authorization: `Bearer ${publishable}`,
        }),
      ).toBe('anon');
      expect(
        await passedOn({
          apikey: secretKey,
          authorization: `Bearer ${secretKey}`,
        }),
      ).toBe('service_role');
      expect(await passedOn({ apikey: secretKey })).toBe('service_role');
      // A signed-in user's token passes unchanged.
      const user = await authSignedToken(environmentOf(spec, 'auth', [secret]));
      expect(
        evaluate(expression, {
          headers: {
            apikey: publishable,
            authorization: `Bearer ${user.token}`,
          },
        }),
      ).toBe(`Bearer ${user.token}`);

      const realtime = config.services.find(
        (s: { name: string }) => s.name === 'realtime-v1',
      );
      const ws = realtime.plugins.find(
        (p: { name: string }) => p.name === 'request-transformer',
      ).config.replace.querystring[0];
      const wsExpression = ws.slice(ws.indexOf(':') + 1);
      const realtimeKeys = VERIFIERS.find(
        v => v.component === 'realtime',
      )!.keys(environmentOf(spec, 'realtime', [secret]));
      expect(
        await verify(
          evaluate(wsExpression, { query_params: { apikey: publishable } })!,
          realtimeKeys,
        ),
      ).toBe('anon');
    },
  );
});

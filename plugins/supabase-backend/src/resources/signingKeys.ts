import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { ApiKeyRole } from './jwt';

/**
 * Where a signing key is in its life: made and published ahead (`standby`),
 * signing Auth's tokens (`current`), only verifying the tokens it signed
 * (`previous`), or gone from every verifier (`revoked`).
 */
export type SigningKeyState = 'standby' | 'current' | 'previous' | 'revoked';

/** An asymmetric (EC P-256, ES256) JWT signing key of a project. */
export interface SigningKey {
  kid: string;
  state: SigningKeyState;
  /** The private key as a JWK (`kty: EC`, `crv: P-256`, `x`, `y`, `d`). */
  privateJwk: EcPrivateJwk;
}

/** An EC P-256 private key as a JSON Web Key. */
export interface EcPrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

/** One key of a JSON Web Key Set, as the components read it. */
export type Jwk = Record<string, unknown>;

/** How long the asymmetric API keys stay valid: five years, as upstream's. */
const ASYMMETRIC_API_KEY_LIFETIME_SECONDS = 5 * 365 * 24 * 3600;

/** A new signing key, on standby until it is made current. */
export function generateSigningKey(
  state: SigningKeyState = 'standby',
): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { crv, x, y, d } = privateKey.export({ format: 'jwk' });
  return {
    kid: randomUUID(),
    state,
    privateJwk: { kty: 'EC', crv: crv as 'P-256', x: x!, y: y!, d: d! },
  };
}

/** The legacy symmetric secret as a JWK: its UTF-8 bytes, as every component reads it. */
function legacyJwk(legacySecret: string): Jwk {
  return {
    kty: 'oct',
    k: Buffer.from(legacySecret, 'utf8').toString('base64url'),
    alg: 'HS256',
  };
}

const published = (keys: SigningKey[]) =>
  keys.filter(k => k.state !== 'revoked');

function publicJwk(key: SigningKey): Jwk {
  const { kty, crv, x, y } = key.privateJwk;
  return {
    kty,
    crv,
    x,
    y,
    kid: key.kid,
    alg: 'ES256',
    use: 'sig',
    key_ops: ['verify'],
  };
}

/**
 * The JWKS for every component that verifies tokens (PostgREST's
 * `PGRST_JWT_SECRET`, Realtime's `API_JWT_JWKS`, Storage's `JWT_JWKS`): the
 * public part of every key not revoked, and the legacy secret while legacy
 * keys are on. A private part never appears.
 */
export function verifierJwks(
  keys: SigningKey[],
  legacySecret?: string,
): { keys: Jwk[] } {
  return {
    keys: [
      ...published(keys).map(publicJwk),
      ...(legacySecret === undefined ? [] : [legacyJwk(legacySecret)]),
    ],
  };
}

/**
 * Auth's `GOTRUE_JWT_KEYS`: the current key with its private part, the only
 * one that signs; the others not revoked, to verify; and the legacy secret
 * while legacy keys are on.
 */
export function authJwtKeys(keys: SigningKey[], legacySecret?: string): Jwk[] {
  const current = currentKey(keys);
  return [
    {
      ...current.privateJwk,
      kid: current.kid,
      alg: 'ES256',
      use: 'sig',
      key_ops: ['sign', 'verify'],
    },
    ...published(keys)
      .filter(k => k !== current)
      .map(publicJwk),
    ...(legacySecret === undefined ? [] : [legacyJwk(legacySecret)]),
  ];
}

/** The key that signs; a project has exactly one. */
export function currentKey(keys: SigningKey[]): SigningKey {
  const current = keys.filter(k => k.state === 'current');
  if (current.length !== 1) {
    throw new Error(
      `A project has exactly one current signing key, not ${current.length}`,
    );
  }
  return current[0];
}

/**
 * Signs an API key (anon or service_role) with the current signing key, as
 * an ES256 JWT naming its key: what the gateway passes the components for a
 * publishable or secret key.
 */
export async function signAsymmetricApiKey(
  keys: SigningKey[],
  role: ApiKeyRole,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { SignJWT, importJWK } = await import('jose');
  const key = currentKey(keys);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid })
    .setIssuer('supabase')
    .setIssuedAt(now)
    .setExpirationTime(now + ASYMMETRIC_API_KEY_LIFETIME_SECONDS)
    .sign(await importJWK({ ...key.privateJwk }, 'ES256'));
}

/** A step of a signing-key rotation. */
export type SigningKeyRotationStep =
  | { step: 'create-standby' }
  | { step: 'make-current'; kid: string }
  | { step: 'revoke'; kid: string };

/**
 * The project's signing keys after one rotation step. Creating a standby
 * publishes a new key before it signs; making it current moves the signer to
 * `previous`, which still verifies the tokens it signed; revoking a previous
 * key removes it from every verifier, and its tokens fail from then on. A
 * step that does not fit says what does.
 */
export function rotateSigningKeys(
  keys: SigningKey[],
  change: SigningKeyRotationStep,
): SigningKey[] {
  if (change.step === 'create-standby') {
    if (keys.some(k => k.state === 'standby')) {
      throw new Error(
        'The project already has a standby signing key; make it current or revoke it first',
      );
    }
    return [...keys, generateSigningKey('standby')];
  }
  const target = keys.find(k => k.kid === change.kid);
  if (!target) {
    throw new Error(`The project has no signing key ${change.kid}`);
  }
  if (change.step === 'make-current') {
    if (target.state !== 'standby' && target.state !== 'previous') {
      throw new Error(
        `Signing key ${change.kid} is ${target.state}; only a standby or previous key can become current`,
      );
    }
    return keys.map(k => {
      if (k === target) return { ...k, state: 'current' };
      if (k.state === 'current') return { ...k, state: 'previous' };
      return k;
    });
  }
  if (target.state === 'current') {
    throw new Error(
      `Signing key ${change.kid} signs the project's tokens; make another key current before revoking it`,
    );
  }
  return keys.map(k => (k === target ? { ...k, state: 'revoked' } : k));
}

/**
 * A project's signing keys as the store keeps them (JSON). Refuses what is
 * not a list of EC P-256 keys with exactly one current: the store's copy is
 * the only one, and a broken one must not be read as "no keys".
 */
export function parseSigningKeys(json: string): SigningKey[] {
  const keys = JSON.parse(json) as SigningKey[];
  const valid =
    Array.isArray(keys) &&
    keys.every(
      k =>
        typeof k.kid === 'string' &&
        ['standby', 'current', 'previous', 'revoked'].includes(k.state) &&
        k.privateJwk?.kty === 'EC' &&
        k.privateJwk.crv === 'P-256',
    );
  if (!valid) throw new Error('The stored signing keys are malformed');
  currentKey(keys);
  return keys;
}

/** A signing key without its private part, as the API lists it. */
export function describeSigningKey(key: SigningKey) {
  const { kty, crv, x, y } = key.privateJwk;
  return { kid: key.kid, state: key.state, publicJwk: { kty, crv, x, y } };
}

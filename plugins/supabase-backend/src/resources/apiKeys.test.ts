import { generateJwtSecret, signApiKey } from './jwt';
import { generateOpaqueApiKey, opaqueApiKeyKind } from './opaqueApiKeys';
import {
  SigningKey,
  authJwtKeys,
  currentKey,
  generateSigningKey,
  rotateSigningKeys,
  signAsymmetricApiKey,
  verifierJwks,
} from './signingKeys';

/**
 * Verifies a token as PostgREST, Realtime and Storage do with a JWKS: the
 * key named by `kid` (or any key of the token's algorithm), ES256 or HS256.
 * Returns the role, or undefined when the token does not verify.
 */
async function verifyWithJwks(
  token: string,
  jwks: { keys: Record<string, unknown>[] },
): Promise<string | undefined> {
  const { createLocalJWKSet, jwtVerify, decodeProtectedHeader, importJWK } =
    await import('jose');
  const { alg } = decodeProtectedHeader(token);
  try {
    if (alg === 'HS256') {
      // jose's JWKS resolver takes asymmetric keys only; a component tries
      // the set's symmetric keys itself.
      for (const jwk of jwks.keys.filter(k => k.kty === 'oct')) {
        try {
          const { payload } = await jwtVerify(
            token,
            await importJWK(jwk as any, 'HS256'),
            { algorithms: ['HS256'] },
          );
          return payload.role as string;
        } catch {
          // The next key may be the one.
        }
      }
      return undefined;
    }
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as any), {
      algorithms: ['ES256'],
    });
    return payload.role as string;
  } catch {
    return undefined;
  }
}

describe('opaque API keys', () => {
  it("have upstream's format: sb_<kind>_, 22 random characters, _ and an 8-character checksum", () => {
    const publishable = generateOpaqueApiKey('publishable');
    const secret = generateOpaqueApiKey('secret');
    expect(publishable).toMatch(/^sb_publishable_[\w-]{22}_[\w-]{8}$/);
    expect(secret).toMatch(/^sb_secret_[\w-]{22}_[\w-]{8}$/);
    expect(opaqueApiKeyKind(publishable)).toBe('publishable');
    expect(opaqueApiKeyKind(secret)).toBe('secret');
    expect(generateOpaqueApiKey('secret')).not.toBe(secret);
  });

  it('tells a mistyped or legacy key from a well-formed one', () => {
    const key = generateOpaqueApiKey('publishable');
    const flipped = `${key.slice(0, 20)}${
      key[20] === 'a' ? 'b' : 'a'
    }${key.slice(21)}`;
    expect(opaqueApiKeyKind(flipped)).toBeUndefined();
    expect(opaqueApiKeyKind(key.slice(0, -1))).toBeUndefined();
    expect(opaqueApiKeyKind('eyJhbGciOiJIUzI1NiJ9.e30.c2ln')).toBeUndefined();
  });
});

describe('ES256 signing keys and the JWKS every verifier receives', () => {
  const legacySecret = generateJwtSecret();
  const keys: SigningKey[] = [generateSigningKey('current')];

  it('verifies tokens signed with the current key, and publishes no private part', async () => {
    const jwks = verifierJwks(keys, legacySecret);
    expect(JSON.stringify(jwks)).not.toContain(keys[0].privateJwk.d);
    for (const role of ['anon', 'service_role'] as const) {
      const token = await signAsymmetricApiKey(keys, role);
      expect(await verifyWithJwks(token, jwks)).toBe(role);
    }
  });

  it('gives Auth the private key of the current key only, marked to sign', () => {
    const withStandby = rotateSigningKeys(keys, { step: 'create-standby' });
    const auth = authJwtKeys(withStandby, legacySecret);
    const signers = auth.filter(k => (k.key_ops as string[])?.includes('sign'));
    expect(signers).toEqual([
      expect.objectContaining({ kid: keys[0].kid, d: keys[0].privateJwk.d }),
    ]);
    expect(auth.filter(k => 'd' in k)).toHaveLength(1);
    expect(auth).toContainEqual(expect.objectContaining({ kty: 'oct' }));
    expect(authJwtKeys(withStandby)).not.toContainEqual(
      expect.objectContaining({ kty: 'oct' }),
    );
  });

  it('verifies legacy HS256 keys only while legacy keys are on', async () => {
    const legacy = await signApiKey(legacySecret, 'anon');
    expect(await verifyWithJwks(legacy, verifierJwks(keys, legacySecret))).toBe(
      'anon',
    );
    expect(await verifyWithJwks(legacy, verifierJwks(keys))).toBeUndefined();
  });

  it('rejects a token signed with a key the project does not have', async () => {
    const stranger = await signAsymmetricApiKey(
      [generateSigningKey('current')],
      'service_role',
    );
    expect(
      await verifyWithJwks(stranger, verifierJwks(keys, legacySecret)),
    ).toBeUndefined();
  });
});

describe('signing-key rotation: standby, current, revoke', () => {
  it('keeps old tokens valid until the previous key is revoked, and rejects them after', async () => {
    let keys = [generateSigningKey('current')];
    const old = await signAsymmetricApiKey(keys, 'anon');

    keys = rotateSigningKeys(keys, { step: 'create-standby' });
    const standby = keys.find(k => k.state === 'standby')!;
    // Published before it signs, so verifiers know it when it starts.
    expect(verifierJwks(keys).keys.map(k => k.kid)).toContain(standby.kid);
    expect(await verifyWithJwks(old, verifierJwks(keys))).toBe('anon');

    keys = rotateSigningKeys(keys, { step: 'make-current', kid: standby.kid });
    expect(currentKey(keys).kid).toBe(standby.kid);
    const fresh = await signAsymmetricApiKey(keys, 'anon');
    expect(await verifyWithJwks(fresh, verifierJwks(keys))).toBe('anon');
    expect(await verifyWithJwks(old, verifierJwks(keys))).toBe('anon');

    const previous = keys.find(k => k.state === 'previous')!;
    keys = rotateSigningKeys(keys, { step: 'revoke', kid: previous.kid });
    expect(await verifyWithJwks(old, verifierJwks(keys))).toBeUndefined();
    expect(await verifyWithJwks(fresh, verifierJwks(keys))).toBe('anon');
  });

  it('refuses steps that do not fit, saying what does', () => {
    const keys = rotateSigningKeys([generateSigningKey('current')], {
      step: 'create-standby',
    });
    expect(() => rotateSigningKeys(keys, { step: 'create-standby' })).toThrow(
      'already has a standby signing key; make it current or revoke it first',
    );
    expect(() =>
      rotateSigningKeys(keys, { step: 'revoke', kid: currentKey(keys).kid }),
    ).toThrow('make another key current before revoking it');
    expect(() =>
      rotateSigningKeys(keys, { step: 'make-current', kid: 'nope' }),
    ).toThrow('The project has no signing key nope');
  });
});

import { createHash, randomBytes } from 'node:crypto';

/** The roles Supabase's signed API keys carry. */
export type ApiKeyRole = 'anon' | 'service_role';

/** How long the signed API keys stay valid: ten years, like upstream's. */
const API_KEY_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;

/**
 * A new JWT signing secret: 48 random bytes as base64url, 64 URL-safe ASCII
 * characters. The string itself is the secret: its UTF-8 bytes are the HMAC
 * key for us and for every component, which all receive this same string
 * with no "is base64" flag. (The Go operator signed with the decoded bytes
 * while most components used the string, so keys failed to verify there.)
 */
export function generateJwtSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** A random string for other generated secrets. */
export function generateSecretString(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Signs an API key (anon or service_role) as an HS256 JWT. */
export async function signApiKey(
  secret: string,
  role: ApiKeyRole,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('supabase')
    .setIssuedAt(now)
    .setExpirationTime(now + API_KEY_LIFETIME_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** Verifies a key with a secret; returns its role, or undefined. */
export async function verifyApiKey(
  token: string,
  secret: string,
): Promise<string | undefined> {
  const { jwtVerify } = await import('jose');
  try {
    const { payload } = await jwtVerify(
      token,
      new TextEncoder().encode(secret),
      {
        algorithms: ['HS256'],
        issuer: 'supabase',
      },
    );
    return typeof payload.role === 'string' ? payload.role : undefined;
  } catch {
    return undefined;
  }
}

/** A new signing secret with the anon and service_role keys signed by it. */
export async function newSigningKeys(): Promise<{
  jwtSecret: string;
  anonKey: string;
  serviceKey: string;
}> {
  const jwtSecret = generateJwtSecret();
  return {
    jwtSecret,
    anonKey: await signApiKey(jwtSecret, 'anon'),
    serviceKey: await signApiKey(jwtSecret, 'service_role'),
  };
}

/**
 * A short fingerprint of the signing secret, for pod templates: it changes
 * when the secret is rotated, so the components restart with the new one.
 * (A truncated hash of 48 random bytes gives nothing away.)
 */
export function signingSecretVersion(jwtSecret: string): string {
  return createHash('sha256').update(jwtSecret).digest('hex').slice(0, 16);
}

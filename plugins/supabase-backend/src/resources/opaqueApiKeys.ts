import { createHash, randomBytes } from 'node:crypto';

/** The two kinds of opaque API key: for browsers, and for servers. */
export type OpaqueApiKeyKind = 'publishable' | 'secret';

/**
 * The project reference the checksum of self-hosted keys is made with:
 * upstream's, so that its tools and ours agree on which keys are well formed.
 */
const SELF_HOSTED_REF = 'supabase-self-hosted';
const RANDOM_LENGTH = 22;
const CHECKSUM_LENGTH = 8;

function checksum(intermediate: string): string {
  return createHash('sha256')
    .update(`${SELF_HOSTED_REF}|${intermediate}`)
    .digest('base64url')
    .slice(0, CHECKSUM_LENGTH);
}

/**
 * A new opaque API key in upstream's format: `sb_<kind>_`, 22 random
 * base64url characters, `_`, and an 8-character checksum of what comes
 * before (so a key mistyped or cut short is told from a wrong one).
 */
export function generateOpaqueApiKey(kind: OpaqueApiKeyKind): string {
  const intermediate = `sb_${kind}_${randomBytes(17)
    .toString('base64url')
    .slice(0, RANDOM_LENGTH)}`;
  return `${intermediate}_${checksum(intermediate)}`;
}

const FORMAT = new RegExp(
  `^(sb_(publishable|secret)_[A-Za-z0-9_-]{${RANDOM_LENGTH}})_([A-Za-z0-9_-]{${CHECKSUM_LENGTH}})$`,
);

/** The kind of a well-formed opaque API key, or undefined. */
export function opaqueApiKeyKind(key: string): OpaqueApiKeyKind | undefined {
  const match = FORMAT.exec(key);
  if (!match || checksum(match[1]) !== match[3]) return undefined;
  return match[2] as OpaqueApiKeyKind;
}

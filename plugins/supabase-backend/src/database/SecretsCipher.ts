import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scryptSync,
} from 'node:crypto';

/** The config key the encryption keys are read from. */
export const SECRETS_ENCRYPTION_KEY_CONFIG = 'supabase.secretsEncryptionKey';

/** What an encrypted value is stored as. */
export interface SealedValue {
  /** Which configured key sealed it. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** A stored value that none of the configured keys can open. */
export class UnreadableSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableSecretError';
  }
}

interface EncryptionKey {
  id: string;
  key: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
/** Keys are stretched once at start, so a passphrase costs a guesser too. */
const KEY_SALT = 'supabase-backstage/secrets-encryption/v1';

/**
 * AES-256-GCM with the keys of `supabase.secretsEncryptionKey`: seals with
 * the first, opens with whichever sealed the value, so a new key can be put
 * first while the old one still opens what it sealed. `context` (e.g. the
 * row's key) is authenticated with the value, so a sealed value copied to
 * another row does not open there.
 */
export class SecretsCipher {
  private readonly keys: EncryptionKey[];

  constructor(secrets: string[]) {
    if (secrets.length === 0) {
      throw new Error(`${SECRETS_ENCRYPTION_KEY_CONFIG} lists no key`);
    }
    this.keys = secrets.map(secret => {
      const key = scryptSync(secret, KEY_SALT, 32);
      const id = createHmac('sha256', key)
        .update('key-id')
        .digest('hex')
        .slice(0, 16);
      return { id, key };
    });
  }

  /** The id of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: string, context: string): SealedValue {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return {
      keyId: id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Opens a sealed value; throws UnreadableSecretError, naming why. */
  open(sealed: SealedValue, context: string): string {
    const entry = this.keys.find(k => k.id === sealed.keyId);
    if (!entry) {
      throw new UnreadableSecretError(
        `it was encrypted with a key that ${SECRETS_ENCRYPTION_KEY_CONFIG} does not list (key id ${sealed.keyId}); add that key back to the list`,
      );
    }
    try {
      const decipher = createDecipheriv(
        ALGORITHM,
        entry.key,
        Buffer.from(sealed.iv, 'base64'),
      );
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new UnreadableSecretError(
        `it does not decrypt with the key ${sealed.keyId} of ${SECRETS_ENCRYPTION_KEY_CONFIG}: the stored row was changed`,
      );
    }
  }
}

// AES-256-GCM for secrets at rest (stock codes, delivery details). Each ciphertext starts with a
// one-byte key id, so keys can be rotated: new writes use the current key, old rows still decrypt
// until scripts/rotate-encryption-key.ts re-encrypts them.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Encryptor {
  encrypt(plain: string): Buffer;
  decrypt(payload: Buffer): string;
  /** Keyed hash for equality checks (duplicate codes) without storing the plain text. */
  fingerprint(plain: string): string;
}

/** Parses a 32-byte key given as base64 or 64 hex characters. */
export function parseKey(text: string, name = 'ENCRYPTION_KEY'): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, as 64 hex characters or base64`);
  return key;
}

/**
 * A key's one-byte id, written before each ciphertext. Derived from the key itself so rotation never
 * needs a counter — so one key in 255 shares its id with another, and a rotation must pick one that does
 * not (freshKey).
 */
export const keyId = (key: Buffer) => (createHmac('sha256', key).update('key-id').digest()[0] as number) || 1;

/** A new random key whose id differs from each of `others`': what a rotation moves to. */
export function freshKey(others: readonly Buffer[] = []): Buffer {
  const taken = new Set(others.map(keyId));
  for (;;) {
    const key = randomBytes(32);
    if (!taken.has(keyId(key))) return key;
  }
}

/**
 * keys[0] is current; the others are older keys still accepted for reading. Two different keys with one
 * id are refused: a ciphertext could not say which of them made it, and a rotation to such a key would
 * take every row for already done.
 */
export function createEncryptor(current: Buffer, older: Buffer[] = []): Encryptor {
  const keys = [current, ...older];
  const byId = new Map<number, Buffer>();
  for (const key of keys) {
    const same = byId.get(keyId(key));
    if (same && !same.equals(key)) {
      throw new Error('Two encryption keys share a key id (1 key in 255 does): make another new key.');
    }
    byId.set(keyId(key), key);
  }
  const currentId = keyId(current);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([currentId]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(payload) {
      const key = byId.get(payload[0] as number);
      if (!key) throw new Error('No key to decrypt this value (was the encryption key rotated without the old key?)');
      const iv = payload.subarray(1, 1 + IV_BYTES);
      const tag = payload.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(payload.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    fingerprint(plain) {
      return createHmac('sha256', current).update(plain.trim()).digest('hex');
    },
  };
}

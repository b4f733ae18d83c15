// Random secrets and their at-rest form. Only SHA-256 hashes are stored, so a leaked table cannot be
// replayed; the secrets themselves travel once, in a cookie or an email.
import { generateRandomIntegerNumber, type RandomReader } from '@oslojs/crypto/random';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

const random: RandomReader = {
  read(bytes) {
    crypto.getRandomValues(bytes);
  },
};

/** 160 bits or more of randomness, base32 so it survives URLs and cookies untouched. */
export function generateToken(bytes = 20): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

/** A uniformly random 6-digit code, leading zeros kept. */
export function generateNumericCode(): string {
  return generateRandomIntegerNumber(random, 1_000_000).toString().padStart(6, '0');
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Compares a secret with a stored hash without leaking, through timing, how much of it matched. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return constantTimeEqual(sha256(new TextEncoder().encode(token)), decodeHex(storedHash));
}

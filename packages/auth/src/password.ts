// Argon2id via @node-rs/argon2, whose hash runs on libuv's thread pool: the event loop stays free.
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2;
// OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

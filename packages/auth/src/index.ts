export { createEncryptor, type Encryptor, freshKey, keyId, parseKey } from './encryption.ts';
export { hashPassword, verifyPassword } from './password.ts';
export {
  clearSessionCookie,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  readSessionCookie,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type SessionClient,
  type SessionRole,
  sessionCookie,
  type ValidatedSession,
  validateSessionToken,
} from './session.ts';
export { generateNumericCode, generateToken, hashToken, tokenMatchesHash } from './tokens.ts';

export { createEncryptor, type Encryptor, parseKey } from './encryption.ts';
export { hashPassword, verifyPassword } from './password.ts';

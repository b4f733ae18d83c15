// npm run encryption:rotate — re-encrypts stock codes and delivery details under a new key.
// The current key is ENCRYPTION_KEY; the new one is NEW_ENCRYPTION_KEY or freshly generated. With the
// checkout's key file (npm start's default) the file is updated; otherwise the new key is printed
// and must replace ENCRYPTION_KEY in the server's environment.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rotateEncryptionKey } from '@damso/api';
import { parseKey } from '@damso/auth';
import { createDb } from '@damso/db';

const url = process.env.DATABASE_URL;
const current = process.env.ENCRYPTION_KEY;
if (!url || !current) throw new Error('DATABASE_URL and ENCRYPTION_KEY must be set (run through npm run).');
const oldKey = parseKey(current);
const newKey = process.env.NEW_ENCRYPTION_KEY
  ? parseKey(process.env.NEW_ENCRYPTION_KEY, 'NEW_ENCRYPTION_KEY')
  : randomBytes(32);
if (newKey.equals(oldKey)) throw new Error('NEW_ENCRYPTION_KEY is the same as ENCRYPTION_KEY.');

const db = createDb(url, { connectionLimit: 2 });
try {
  const done = await rotateEncryptionKey(db, oldKey, newKey);
  process.stdout.write(`Re-encrypted ${done.stockCodes} stock codes and ${done.deliveries} delivery details.\n`);
  const hex = newKey.toString('hex');
  // npm start keeps the key of a checkout in .data/encryption.key; when that is the key in use, update it.
  const keyFile = path.resolve(import.meta.dirname, '..', '.data', 'encryption.key');
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8').trim() === current) {
    writeFileSync(keyFile, hex, { mode: 0o600 });
    process.stdout.write(`The new key is saved in ${keyFile}. Restart the server.\n`);
  } else {
    process.stdout.write(
      `New key: ${hex}\nSet ENCRYPTION_KEY to it and ENCRYPTION_KEY_PREVIOUS to the old key, then restart the server.\n`,
    );
  }
} finally {
  await db.destroy();
}

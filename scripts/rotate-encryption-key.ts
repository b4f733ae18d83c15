// npm run encryption:rotate — re-encrypts stock codes and delivery details under a new key.
// The current key is ENCRYPTION_KEY; the new one is NEW_ENCRYPTION_KEY or freshly generated. With the
// checkout's key file (npm start's default) the file is updated; otherwise the new key is printed
// and must replace ENCRYPTION_KEY in the server's environment.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rotateEncryptionKey } from '@damso/api';
import { freshKey, keyId, parseKey } from '@damso/auth';
import { createDb } from '@damso/db';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';

// npm start keeps the key of a checkout in .data/encryption.key.
const CHECKOUT_KEY_FILE = path.resolve(import.meta.dirname, '..', '.data', 'encryption.key');

function key(text: string, name: string): Buffer {
  try {
    return parseKey(text, name);
  } catch (error) {
    return stop((error as Error).message);
  }
}

export function encryptionRotate(_args: string[], io: CliIo, { keyFile = CHECKOUT_KEY_FILE } = {}): Promise<number> {
  return exitCode(
    io,
    async () => {
      const url = io.env.DATABASE_URL;
      const current = io.env.ENCRYPTION_KEY;
      if (!url || !current)
        stop('DATABASE_URL and ENCRYPTION_KEY must be set (run it with npm run encryption:rotate).');
      const oldKey = key(current, 'ENCRYPTION_KEY');
      const newKey = io.env.NEW_ENCRYPTION_KEY
        ? key(io.env.NEW_ENCRYPTION_KEY, 'NEW_ENCRYPTION_KEY')
        : freshKey([oldKey]);
      if (newKey.equals(oldKey)) stop('NEW_ENCRYPTION_KEY is the same as ENCRYPTION_KEY.');
      if (keyId(newKey) === keyId(oldKey)) {
        stop(
          'NEW_ENCRYPTION_KEY has the same key id as ENCRYPTION_KEY (1 key in 255 does): choose another, or leave it unset to have one made.',
        );
      }

      const db = createDb(url, { connectionLimit: 2 });
      try {
        const done = await rotateEncryptionKey(db, oldKey, newKey);
        io.stdout.write(`Re-encrypted ${done.stockCodes} stock codes and ${done.deliveries} delivery details.\n`);
        const hex = newKey.toString('hex');
        // When the key file holds the key in use, update it.
        if (existsSync(keyFile) && readFileSync(keyFile, 'utf8').trim() === current) {
          writeFileSync(keyFile, hex, { mode: 0o600 });
          io.stdout.write(`The new key is saved in ${keyFile}. Restart the server.\n`);
        } else {
          io.stdout.write(
            `New key: ${hex}\nSet ENCRYPTION_KEY to it and ENCRYPTION_KEY_PREVIOUS to the old key, then restart the server.\n`,
          );
        }
      } finally {
        await db.destroy();
      }
    },
    (message) => `✖ ${message}\n`,
  );
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(encryptionRotate);

// npm run encryption:rotate, run in-process as the script's entry point runs it, against test databases.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEncryptor, freshKey, hashPassword, keyId } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase } from '@damso/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { testIo } from './lib/test-io.ts';
import { encryptionRotate } from './rotate-encryption-key.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'damso-rotate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function rotate(env: Record<string, string>, keyFile = path.join(scratch, 'no-such.key')) {
  const { io, output } = testIo(env);
  const code = await encryptionRotate([], io, { keyFile });
  return { code, out: output() };
}

describe('encryption key rotation script', () => {
  it('re-encrypts the stock under the new key and tells the operator what to set', async () => {
    const oldKey = randomBytes(32);
    const newKey = freshKey([oldKey]);
    const t = await createTestDatabase();
    try {
      await seedDemoData(t.db, {
        uploadDir: path.join(scratch, 'uploads'),
        hashPassword,
        encryptor: createEncryptor(oldKey),
      });
      const before = await t.db.selectFrom('offer_stock_codes').select('code_ciphertext').orderBy('id').execute();
      const plain = before.map((r) => createEncryptor(oldKey).decrypt(r.code_ciphertext));
      const deliveries = await t.db
        .selectFrom('order_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('delivery_ciphertext', 'is not', null)
        .executeTakeFirstOrThrow();
      const r = await rotate({
        DATABASE_URL: t.url,
        ENCRYPTION_KEY: oldKey.toString('hex'),
        NEW_ENCRYPTION_KEY: newKey.toString('hex'),
      });
      expect(r.code).toBe(0);
      expect(r.out).toContain(
        `Re-encrypted ${before.length} stock codes and ${Number(deliveries.n)} delivery details.`,
      );
      expect(r.out).toContain(`New key: ${newKey.toString('hex')}`);
      const after = await t.db.selectFrom('offer_stock_codes').select('code_ciphertext').orderBy('id').execute();
      expect(after.map((row) => createEncryptor(newKey).decrypt(row.code_ciphertext))).toEqual(plain);
    } finally {
      await t.drop();
    }
  });

  it('updates the checkout’s key file when it holds the key in use', async () => {
    const oldKey = randomBytes(32).toString('hex');
    const keyFile = path.join(scratch, 'encryption.key');
    writeFileSync(keyFile, `${oldKey}\n`, { mode: 0o600 });
    const t = await createTestDatabase();
    try {
      const r = await rotate({ DATABASE_URL: t.url, ENCRYPTION_KEY: oldKey }, keyFile);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Re-encrypted 0 stock codes and 0 delivery details.');
      expect(r.out).toContain(`The new key is saved in ${keyFile}. Restart the server.`);
      const saved = readFileSync(keyFile, 'utf8');
      expect(saved).toMatch(/^[0-9a-f]{64}$/);
      expect(saved).not.toBe(oldKey);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    } finally {
      await t.drop();
    }
  });

  it('refuses to "rotate" to the same key', async () => {
    const key = randomBytes(32).toString('hex');
    const r = await rotate({
      DATABASE_URL: 'mysql://root@127.0.0.1:1/none',
      ENCRYPTION_KEY: key,
      NEW_ENCRYPTION_KEY: key,
    });
    expect(r.code).toBe(1);
    expect(r.out).toBe('✖ NEW_ENCRYPTION_KEY is the same as ENCRYPTION_KEY.\n');
  });

  it('refuses a new key with the old key’s id, which would leave every row under the old key', async () => {
    const oldKey = randomBytes(32);
    let twin = randomBytes(32);
    while (keyId(twin) !== keyId(oldKey) || twin.equals(oldKey)) twin = randomBytes(32);
    const r = await rotate({
      DATABASE_URL: 'mysql://root@127.0.0.1:1/none',
      ENCRYPTION_KEY: oldKey.toString('hex'),
      NEW_ENCRYPTION_KEY: twin.toString('hex'),
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('✖ NEW_ENCRYPTION_KEY has the same key id as ENCRYPTION_KEY');
    // Made by the script, a new key never shares the id.
    expect(Array.from({ length: 2000 }, () => keyId(freshKey([oldKey]))).includes(keyId(oldKey))).toBe(false);
  });
});

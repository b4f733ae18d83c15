// npm run encryption:rotate, run as an operator would (through tsx), against a seeded test database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createEncryptor, hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, {
    uploadDir: `/tmp/damso-rotate-${process.pid}`,
    hashPassword,
    encryptor: createEncryptor(oldKey),
  });
});
afterAll(() => t.drop());

function rotate(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'scripts/rotate-encryption-key.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: t.url, ...env },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

describe('encryption key rotation script', () => {
  it('re-encrypts the stock under the new key and tells the operator what to set', async () => {
    const before = await t.db.selectFrom('offer_stock_codes').select('code_ciphertext').orderBy('id').execute();
    const plain = before.map((r) => createEncryptor(oldKey).decrypt(r.code_ciphertext));
    const deliveries = await t.db
      .selectFrom('order_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivery_ciphertext', 'is not', null)
      .executeTakeFirstOrThrow();
    const r = await rotate({ ENCRYPTION_KEY: oldKey.toString('hex'), NEW_ENCRYPTION_KEY: newKey.toString('hex') });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Re-encrypted ${before.length} stock codes and ${Number(deliveries.n)} delivery details.`);
    expect(r.out).toContain(`New key: ${newKey.toString('hex')}`);
    const after = await t.db.selectFrom('offer_stock_codes').select('code_ciphertext').orderBy('id').execute();
    expect(after.map((row) => createEncryptor(newKey).decrypt(row.code_ciphertext))).toEqual(plain);
  });

  it('refuses to "rotate" to the same key', async () => {
    const r = await rotate({ ENCRYPTION_KEY: newKey.toString('hex'), NEW_ENCRYPTION_KEY: newKey.toString('hex') });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('NEW_ENCRYPTION_KEY is the same as ENCRYPTION_KEY.');
    expect(r.out).not.toMatch(/\n\s+at /);
  });
});

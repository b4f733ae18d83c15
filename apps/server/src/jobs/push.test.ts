// The web push configuration and its job: keys from the environment or made once for every process,
// and the sender scheduled like the other jobs.
import { createECDH, randomBytes } from 'node:crypto';
import { vapidKeys } from '@damso/api';
import { createDb } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfig } from '../config.ts';
import { EnvError, loadEnv } from '../env.ts';
import { createJobs } from './index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const baseEnv = () => ({ DATABASE_URL: t.url, ENCRYPTION_KEY: randomBytes(32).toString('hex') });

describe('web push set-up', () => {
  it('makes one key pair on first start, shared by processes starting together, and schedules the sender', async () => {
    const config = serverConfig(loadEnv({ ...baseEnv(), PUBLIC_URL: 'http://localhost:3000' }));
    expect(createJobs(config).map((j) => j.name)).toContain('send-web-push');
    expect(config.api.push).toEqual({ subject: 'mailto:push@localhost' });

    const other = createDb(t.url);
    try {
      const [a, b] = await Promise.all([vapidKeys(t.db, config.api), vapidKeys(other, config.api)]);
      expect(a).toEqual(b);
      expect(a.publicKey).toMatch(/^[\w-]{87}$/);
      // A restart reads the same pair: browsers' subscriptions are bound to the public key.
      expect(await vapidKeys(t.db, config.api)).toEqual(a);
    } finally {
      await other.destroy();
    }
  });

  it('takes the keys and subject from the environment, both keys or neither', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    // 32 bytes, padded as web-push pads them (a key can start with a zero byte).
    const keys = {
      publicKey: ecdh.getPublicKey('base64url'),
      privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
    };
    const env = loadEnv({
      ...baseEnv(),
      PUBLIC_URL: 'https://shop.example.test',
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
    });
    expect(serverConfig(env).api.push).toEqual({ keys, subject: 'https://shop.example.test' });
    expect(() => loadEnv({ ...baseEnv(), VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(EnvError);
    expect(() => loadEnv({ ...baseEnv(), VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => loadEnv({ ...baseEnv(), VAPID_SUBJECT: 'http://shop.example.test' })).toThrow(/VAPID_SUBJECT/);
  });
});

// Secrets from files (docker secrets): NAME_FILE stands for NAME, and every mistake names the variable
// without printing the secret.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'damso-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function secret(name: string, content: string): string {
  const file = path.join(dir, `${name}-${randomBytes(3).toString('hex')}`);
  writeFileSync(file, content, { mode: 0o400 });
  return file;
}

describe('configuration from files', () => {
  it('reads DATABASE_URL, ENCRYPTION_KEY, SMTP_PASSWORD and METRICS_TOKEN from *_FILE, dropping the trailing newline', () => {
    const key = randomBytes(32).toString('hex');
    const env = loadEnv({
      DATABASE_URL_FILE: secret('db', 'mysql://shop:p%40ss@db:3306/damso\n'),
      ENCRYPTION_KEY_FILE: secret('key', `${key}\n`),
      SMTP_HOST: 'smtp.example.test',
      SMTP_PASSWORD_FILE: secret('smtp', 'pass word with spaces \r\n'),
      METRICS_TOKEN_FILE: secret('metrics', 'a-metrics-token-of-some-length'),
    });
    expect(env.DATABASE_URL).toBe('mysql://shop:p%40ss@db:3306/damso');
    expect(env.ENCRYPTION_KEY).toBe(key);
    expect(env.SMTP_PASSWORD).toBe('pass word with spaces ');
    expect(env.METRICS_TOKEN).toBe('a-metrics-token-of-some-length');
  });

  it('refuses a variable given both ways, and a file it cannot read, naming them', () => {
    const key = randomBytes(32).toString('hex');
    const missing = path.join(dir, 'no-such-file');
    const attempt = () =>
      loadEnv({
        DATABASE_URL: 'mysql://root@127.0.0.1:3306/damso',
        DATABASE_URL_FILE: secret('db', 'mysql://root@127.0.0.1:3306/other'),
        ENCRYPTION_KEY_FILE: missing,
        ENCRYPTION_KEY_PREVIOUS: key,
      });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow('DATABASE_URL_FILE: DATABASE_URL is set as well: keep one of the two');
    expect(attempt).toThrow(`ENCRYPTION_KEY_FILE: cannot read ${missing} (ENOENT)`);
  });

  it('says a bad value came from the file, without printing the secret', () => {
    const attempt = () =>
      loadEnv({
        DATABASE_URL: 'mysql://root@127.0.0.1:3306/damso',
        ENCRYPTION_KEY_FILE: secret('key', 'not-a-key-but-a-secret-all-the-same\n'),
        METRICS_TOKEN: 'short',
      });
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ENCRYPTION_KEY (read from ENCRYPTION_KEY_FILE): must be 32 bytes');
    expect(message).toContain('METRICS_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('not-a-key-but-a-secret');
  });
});

describe('read replica settings', () => {
  const base = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/damso', ENCRYPTION_KEY: randomBytes(32).toString('hex') };

  it('has no replica unless DATABASE_REPLICA_URL (or its file) names one, and the documented defaults', () => {
    for (const unset of [{}, { DATABASE_REPLICA_URL: '' }]) {
      const env = loadEnv({ ...base, ...unset });
      expect(env.DATABASE_REPLICA_URL).toBeUndefined();
      expect([env.REPLICA_MAX_LAG_SECONDS, env.REPLICA_STICKY_SECONDS]).toEqual([30, 5]);
    }
    const env = loadEnv({
      ...base,
      DATABASE_REPLICA_URL_FILE: secret('replica', 'mysql://reader:s%40cret@replica:3306/damso\n'),
      REPLICA_MAX_LAG_SECONDS: '10',
      REPLICA_STICKY_SECONDS: '0',
    });
    expect(env.DATABASE_REPLICA_URL).toBe('mysql://reader:s%40cret@replica:3306/damso');
    expect([env.REPLICA_MAX_LAG_SECONDS, env.REPLICA_STICKY_SECONDS]).toEqual([10, 0]);
  });

  it('names a replica URL or limit it cannot use', () => {
    const attempt = () =>
      loadEnv({
        ...base,
        DATABASE_REPLICA_URL: 'replica:3306',
        REPLICA_MAX_LAG_SECONDS: '0',
        REPLICA_STICKY_SECONDS: 'x',
      });
    expect(attempt).toThrow('DATABASE_REPLICA_URL: must look like mysql://user:password@host:port/database');
    expect(attempt).toThrow('REPLICA_MAX_LAG_SECONDS:');
    expect(attempt).toThrow('REPLICA_STICKY_SECONDS:');
  });
});

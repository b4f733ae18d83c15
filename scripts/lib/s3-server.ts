// A real S3-compatible server for tests (s3rver, over HTTP on a free loopback port, objects in a
// temporary folder of its own), which a test can stop and start again to take the store away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3Server {
  bucket: string;
  endpoint: string;
  /** The variables that point the server (or a script) at this bucket. */
  env: Record<string, string>;
  /** Takes the store away: every request is refused until start(). */
  stop: () => Promise<void>;
  /** Brings it back on the same port, with the same objects. */
  start: () => Promise<void>;
  /** Stops it and deletes its objects. */
  destroy: () => Promise<void>;
}

// s3rver checks request signatures against its one built-in key pair.
const KEY = 'S3RVER';

export async function startS3Server({ bucket = 'damso-test' } = {}): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'damso-s3-'));
  let port = 0;
  let server: S3rver | null = null;
  const start = async () => {
    const next = new S3rver({
      address: '127.0.0.1',
      port,
      directory,
      silent: true,
      configureBuckets: [{ name: bucket }],
    });
    port = (await next.run()).port;
    server = next;
  };
  const stop = async () => {
    const running = server;
    server = null;
    await running?.close();
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    bucket,
    endpoint,
    env: {
      STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: KEY,
      S3_SECRET_ACCESS_KEY: KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

// npm run db:backup and db:restore against test databases, with the real mysqldump and mysql clients:
// back up, lose rows, restore, the rows are back; a cut-short backup is refused before anything changes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createTestUser } from '@damso/api/testing';
import { type Database, pendingMigrations } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackup } from './db-backup.ts';
import { ROOT } from './lib/process-testing.ts';
import { testIo } from './lib/test-io.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'damso-backups-'));
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The npm script as a person runs it (node scripts/run-ts.mjs → tsx), without npm's banner. */
function npmScript(args: string[], url: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'scripts/db-backup.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
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

async function inProcess(args: string[], url: string) {
  const io = testIo({ DATABASE_URL: url });
  const code = await dbBackup(args, io.io);
  return { code, out: io.output() };
}

/** What a person would check is back: the accounts and a category with text beyond ASCII. */
async function snapshot(db: Database) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'role', 'created_at'])
    .orderBy('id')
    .execute();
  const categories = await db.selectFrom('categories').select(['id', 'slug', 'name']).orderBy('id').execute();
  return { users, categories };
}

describe('db:backup and db:restore', { timeout: 300_000 }, () => {
  it('backs up, and after rows are lost restores them all over the damaged database with --replace', async () => {
    await createTestUser(t.db, { role: 'admin' });
    await createTestUser(t.db);
    await t.db
      .insertInto('categories')
      .values({ slug: `music-${randomBytes(3).toString('hex')}`, name: 'Musique & 音楽 🎧' })
      .execute();
    const before = await snapshot(t.db);
    expect(before.users).toHaveLength(2);

    const file = path.join(dir, 'shop.sql.gz');
    const backedUp = await npmScript(['backup', '--out', file], t.url);
    expect(backedUp.code, backedUp.out).toBe(0);
    expect(backedUp.out).toContain(`Backed up ${t.name} to ${file}`);
    expect(gunzipSync(readFileSync(file)).toString('utf8')).toMatch(/-- Dump completed/);

    // The damage: an account and the category gone.
    await t.db.deleteFrom('categories').execute();
    await t.db.deleteFrom('sessions').execute();
    await t.db
      .deleteFrom('users')
      .where('id', '=', before.users[1]?.id ?? 0)
      .execute();
    expect((await snapshot(t.db)).categories).toEqual([]);

    // Over a database that has tables, only when asked.
    const refused = await inProcess(['restore', file], t.url);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(new RegExp(`The database ${t.name} has \\d+ tables.*--replace`));
    expect((await snapshot(t.db)).categories).toEqual([]);

    const restored = await npmScript(['restore', file, '--replace'], t.url);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain(`Restored ${t.name} from ${file}`);
    expect(await snapshot(t.db)).toEqual(before);
    expect(await pendingMigrations(t.db)).toEqual([]);
  });

  it('restores into a new, empty database without --replace', async () => {
    const file = path.join(dir, 'copy.sql.gz');
    expect((await inProcess(['backup', '--out', file], t.url)).code).toBe(0);
    const target = await createTestDatabase({ migrate: false });
    try {
      const restored = await inProcess(['restore', file], target.url);
      expect(restored.code, restored.out).toBe(0);
      expect(await snapshot(target.db)).toEqual(await snapshot(t.db));
    } finally {
      await target.drop();
    }
  });

  it('refuses a backup that was cut short or is not a dump, and changes nothing', async () => {
    const file = path.join(dir, 'whole.sql.gz');
    expect((await inProcess(['backup', '--out', file], t.url)).code).toBe(0);
    const dump = gunzipSync(readFileSync(file));
    // A copy cut off mid-transfer, and a dump that mysqldump did not finish (well-formed gzip).
    const cut = path.join(dir, 'cut.sql.gz');
    writeFileSync(cut, readFileSync(file).subarray(0, Math.floor(statSync(file).size / 2)));
    const unfinished = path.join(dir, 'unfinished.sql.gz');
    writeFileSync(unfinished, gzipSync(dump.subarray(0, Math.floor(dump.length * 0.9))));
    const plain = path.join(dir, 'notes.txt');
    writeFileSync(plain, 'not a backup');
    const before = await snapshot(t.db);

    const truncated = await inProcess(['restore', cut, '--replace'], t.url);
    expect(truncated.code).toBe(1);
    expect(truncated.out).toContain(`${cut} cannot be read as a gzipped dump`);
    const partial = await inProcess(['restore', unfinished, '--replace'], t.url);
    expect(partial.code).toBe(1);
    expect(partial.out).toContain(
      `${unfinished} is not a complete backup (the dump was cut short): nothing was changed.`,
    );
    const text = await inProcess(['restore', plain, '--replace'], t.url);
    expect(text.code).toBe(1);
    expect(text.out).toContain(`${plain} cannot be read as a gzipped dump`);
    expect(text.out).not.toMatch(/\n\s+at /);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('leaves no file under the backup’s name when the dump fails', async () => {
    const file = path.join(dir, 'failed.sql.gz');
    const missing = new URL(t.url);
    missing.pathname = `/${t.name}_missing`;
    const failed = await inProcess(['backup', '--out', file], missing.toString());
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/mysqldump failed \(exit \d+\): .*Unknown database/);
    expect(() => statSync(file)).toThrow();
    expect(() => statSync(`${file}.partial`)).toThrow();
  });
});

// npm run seed:scale [-- --scale 0.1 --seed 1 --database damso_scale --now 2026-01-01 --reset]
// Fills a database with the volumes (100k offers, 200k users, 1M orders and what hangs off
// them), realistic and deterministic: the same seed and day give the same rows. By default it loads
// `damso_scale` on the app's database server, so the demo database is never touched.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rebuildStats } from '@damso/api';
import { createEncryptor, hashPassword, parseKey } from '@damso/auth';
import { createDb, DEMO_PASSWORD, migrateToLatest, parseDatabaseUrl, recountCategoryOffers } from '@damso/db';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';
import { loadScaleData, progressUnits } from './lib/scale/load.ts';
import { makePlan } from './lib/scale/model.ts';
import { formatDuration, Progress } from './lib/scale/progress.ts';

export const DEFAULT_SCALE_DATABASE = 'damso_scale';
const ROOT = path.resolve(import.meta.dirname, '..');

/** The URL of database `name` on the server of `serverUrl` (DATABASE_URL). */
export function scaleDatabaseUrl(serverUrl: string, name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) stop(`--database must be letters, digits and _ (got "${name}").`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Today at 00:00 UTC: the default anchor, so two loads on the same day give the same rows. */
export function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export async function seedScale(args: string[], io: CliIo & { isTTY?: boolean }): Promise<number> {
  return exitCode(io, async () => {
    let options: ReturnType<typeof parse>;
    try {
      options = parse(args);
    } catch (error) {
      stop((error as Error).message);
    }
    const scale = Number(options.scale);
    if (!(scale > 0 && scale <= 10)) stop(`--scale must be a number above 0 and at most 10 (got "${options.scale}").`);
    const seed = Number(options.seed);
    if (!Number.isInteger(seed) || seed < 0) stop(`--seed must be a whole number (got "${options.seed}").`);
    const now = options.now ? new Date(options.now) : startOfDay(new Date());
    if (Number.isNaN(now.getTime())) stop(`--now must be a date such as 2026-01-31 (got "${options.now}").`);
    const { DATABASE_URL, ENCRYPTION_KEY } = io.env;
    if (!DATABASE_URL || !ENCRYPTION_KEY)
      stop('DATABASE_URL and ENCRYPTION_KEY must be set (run it with npm run seed:scale).');
    let encryptor: ReturnType<typeof createEncryptor>;
    try {
      encryptor = createEncryptor(parseKey(ENCRYPTION_KEY));
    } catch (error) {
      stop((error as Error).message);
    }
    const url = scaleDatabaseUrl(DATABASE_URL, options.database);
    const { database: _name, ...server } = parseDatabaseUrl(url);
    const database = options.database;
    const admin = await createConnection({ ...server, timezone: 'Z' });
    try {
      if ((await filledTables(admin, database)).length > 0 && !options.reset) {
        stop(`Database ${database} already holds data. Add --reset to drop it and load it again.`);
      }
      if (options.reset) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.query(
        `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    } finally {
      await admin.end();
    }

    const db = createDb(url, { connectionLimit: 2 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    const plan = makePlan(scale, seed, now);
    io.stdout.write(
      `Loading ${database}: scale ${scale}, seed ${seed}, anchored at ${now.toISOString()} — ` +
        `${plan.offers.toLocaleString('en')} offers, ${plan.users.toLocaleString('en')} users, ${plan.orders.toLocaleString('en')} orders.\n`,
    );
    const started = performance.now();
    const connect = () => createConnection({ ...server, database, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
    const conns = [await connect(), await connect()];
    const conn = conns[0] as Connection;
    const progress = new Progress({ write: (t) => io.stdout.write(t), isTTY: io.isTTY ?? false }, progressUnits(plan));
    try {
      const counts = await loadScaleData({
        plan,
        conns,
        // One Argon2 hash for every account: the demo password logs in as anyone.
        passwordHash: await hashPassword(DEMO_PASSWORD),
        encryptor,
        uploadDir: options['no-images'] ? null : (io.env.UPLOAD_DIR ?? path.join(ROOT, '.data', 'uploads')),
        progress,
      });
      // Rows loaded behind the app's back: the statistics rollups are summed from them once, here.
      progress.step('statistics rollups');
      const statsDb = createDb(url, { connectionLimit: 2, statementTimeoutMs: 0 });
      try {
        await rebuildStats(statsDb, new Date());
        // Likewise the shop's category counts, which the offer services keep as offers change.
        await recountCategoryOffers(statsDb);
      } finally {
        await statsDb.destroy();
      }
      progress.step('ANALYZE TABLE (index statistics)');
      for (const table of Object.keys(counts)) await conn.query(`ANALYZE TABLE \`${table}\``);
      const elapsed = performance.now() - started;
      const rows = Object.values(counts).reduce((s, n) => s + n, 0);
      progress.finish(
        `Loaded ${rows.toLocaleString('en')} rows in ${formatDuration(elapsed)}:\n` +
          Object.entries(counts)
            .filter(([, n]) => n > 0)
            .map(([table, n]) => `  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(11)}`)
            .join('\n') +
          `\nEvery account's password is ${DEMO_PASSWORD} (admin@damso.test, employee@damso.test, client@damso.test …).`,
      );
    } finally {
      for (const c of conns) await c.end();
    }
  });
}

/**
 * Tables of `database` holding shop data (none when it does not exist): the migrations' bookkeeping,
 * the statistics rollups, cache versions and the texts a migration writes (content pages) do not count.
 */
async function filledTables(conn: Connection, database: string): Promise<string[]> {
  const [tables] = await conn.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'kysely\\_%' AND TABLE_NAME NOT LIKE 'stats\\_%' AND TABLE_NAME NOT IN ('cache_versions', 'content_pages')",
    [database],
  );
  const filled: string[] = [];
  for (const { name } of tables) {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT 1 FROM \`${database}\`.\`${name}\` LIMIT 1`);
    if (rows.length > 0) filled.push(String(name));
  }
  return filled;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
      database: { type: 'string', default: DEFAULT_SCALE_DATABASE },
      reset: { type: 'boolean', default: false },
      'no-images': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  }).values as { scale: string; seed: string; now?: string; database: string; reset: boolean; 'no-images': boolean };
}

if (isEntryPoint(import.meta.url)) {
  await runAsEntryPoint((args, io) => seedScale(args, { ...io, isTTY: process.stdout.isTTY }));
}

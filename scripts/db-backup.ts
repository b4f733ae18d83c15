// npm run db:backup [-- --out <file.sql.gz>]          a consistent logical backup of DATABASE_URL's database
// npm run db:restore -- <file.sql.gz> [--replace]      loads one into DATABASE_URL's database
// Both drive the MySQL/MariaDB command-line clients (mysqldump and mysql, or mariadb-dump and mariadb),
// with the password in a private option file, never on a command line that `ps` shows.
// A backup is written beside its final name and renamed once mysqldump has finished, so a file with the
// final name is always whole; a restore reads the whole file first and refuses a truncated one before it
// touches the database.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import { createDb, parseDatabaseUrl } from '@damso/db';
import { sql } from 'kysely';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** mysqldump's last line (also mariadb-dump's): without it the dump was cut short. */
const COMPLETE = /-- Dump completed/;

function findClient(names: string[]): string {
  for (const name of names) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  return stop(
    `${names.join(' or ')} was not found: install the MySQL or MariaDB client tools (Debian: apt-get install mariadb-client).`,
  );
}

/** A private option file with the connection, so the password is in no process's arguments. */
function optionFile(url: string): { file: string; database: string; cleanup: () => void } {
  const options = parseDatabaseUrl(url);
  const dir = mkdtempSync(path.join(tmpdir(), 'damso-backup-'));
  const file = path.join(dir, 'client.cnf');
  const quote = (v: unknown) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = [
    '[client]',
    `host=${quote(options.host)}`,
    `port=${options.port}`,
    `user=${quote(options.user)}`,
    `password=${quote(options.password ?? '')}`,
    'default-character-set=utf8mb4',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { file, database: String(options.database), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function urlFrom(io: CliIo): string {
  const url = io.env.DATABASE_URL;
  if (!url) stop('DATABASE_URL is not set (run through npm run db:backup or npm run db:restore).');
  return url;
}

async function backup(args: string[], io: CliIo) {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const url = urlFrom(io);
  const dump = findClient(['mysqldump', 'mariadb-dump']);
  const { file: cnf, database, cleanup } = optionFile(url);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(values.out ?? path.join(ROOT, '.data', 'backups', `${database}-${stamp}.sql.gz`));
  mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  // MySQL's own mysqldump writes GTID_PURGED into dumps of a GTID server; that line fails a restore
  // into any server that has GTIDs of its own. MariaDB's tool has no such option.
  const mysqlFlavour = !/MariaDB/i.test(spawnSync(dump, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  const child = spawn(
    dump,
    [
      `--defaults-extra-file=${cnf}`,
      // One consistent snapshot of InnoDB without locking the shop's tables.
      '--single-transaction',
      '--quick',
      '--hex-blob',
      '--no-tablespaces',
      '--triggers',
      ...(mysqlFlavour ? ['--set-gtid-purged=OFF'] : []),
      database,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (d) => {
    errors += d;
  });
  let tail = '';
  child.stdout.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-200);
  });
  try {
    const exited = once(child, 'close');
    await pipeline(child.stdout, createGzip(), createWriteStream(partial));
    const [code] = (await exited) as [number | null];
    if (code !== 0) stop(`${dump} failed (exit ${code}): ${errors.trim() || 'no message'}`);
    if (!COMPLETE.test(tail)) stop(`${dump} ended without finishing the dump: ${errors.trim() || 'no message'}`);
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
    cleanup();
  }
  io.stdout.write(`Backed up ${database} to ${out}\n`);
}

async function restore(args: string[], io: CliIo) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file) stop('Give the backup to restore: npm run db:restore -- <file.sql.gz> [--replace]');
  const url = urlFrom(io);
  const client = findClient(['mysql', 'mariadb']);

  // The whole file is read once before anything is dropped: a truncated or corrupt backup stops here.
  let tail = '';
  try {
    await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) tail = (tail + chunk.toString('utf8')).slice(-200);
    });
  } catch (error) {
    stop(
      `${file} cannot be read as a gzipped dump (${(error as { code?: string }).code ?? (error as Error).message}).`,
    );
  }
  if (!COMPLETE.test(tail)) stop(`${file} is not a complete backup (the dump was cut short): nothing was changed.`);

  const db = createDb(url, { connectionLimit: 1 });
  const { file: cnf, database, cleanup } = optionFile(url);
  try {
    const tables = (
      await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`.execute(db)
    ).rows.map((r) => r.name);
    if (tables.length > 0 && !values.replace) {
      stop(
        `The database ${database} has ${tables.length} tables. Restore into an empty database (another DATABASE_URL), or pass --replace to drop them first.`,
      );
    }
    // Tables the backup may not have (made by later migrations) go too, so the schema is the backup's
    // and the next start's migrations bring it forward. One connection: the checks stay off for all.
    await db.connection().execute(async (conn) => {
      await sql`SET FOREIGN_KEY_CHECKS = 0`.execute(conn);
      for (const table of tables) await sql`DROP TABLE ${sql.table(table)}`.execute(conn);
      await sql`SET FOREIGN_KEY_CHECKS = 1`.execute(conn);
    });
    const child = spawn(client, [`--defaults-extra-file=${cnf}`, '--binary-mode', database], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (d) => {
      errors += d;
    });
    const exited = once(child, 'close');
    await pipeline(createReadStream(file), createGunzip(), child.stdin).catch(() => {});
    const [code] = (await exited) as [number | null];
    if (code !== 0) stop(`${client} failed while loading ${file} (exit ${code}): ${errors.trim() || 'no message'}`);
  } finally {
    cleanup();
    await db.destroy();
  }
  io.stdout.write(
    `Restored ${database} from ${file}. Newer migrations apply at the next migrate (npm run migrate:prod, npm start).\n`,
  );
}

export function dbBackup(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    const [command, ...rest] = args;
    if (command === 'backup') return backup(rest, io);
    if (command === 'restore') return restore(rest, io);
    stop('Usage: db-backup.ts backup [--out file] | restore <file> [--replace]');
  });
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(dbBackup);

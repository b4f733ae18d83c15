// npm run stats:rebuild [-- --database damso_scale] [--if-stale]
// Recomputes the statistics rollups from the orders, accounts and subscriptions, for after a restore,
// a bulk load or a hand-made change with SQL. The server does the same at start when it finds them
// behind; this is for when it should not wait for a restart. Safe while the server runs: order
// changes wait for the swap (seconds per million orders) and are then counted on top.
import { parseArgs } from 'node:util';
import { rebuildStats } from '@damso/api';
import { createDb } from '@damso/db';
import { type CliIo, exitCode, isEntryPoint, runAsEntryPoint, stop } from './lib/cli.ts';
import { formatDuration } from './lib/scale/progress.ts';
import { scaleDatabaseUrl } from './seed-scale.ts';

export function statsRebuild(args: string[], io: CliIo): Promise<number> {
  return exitCode(io, async () => {
    let values: { database?: string; 'if-stale': boolean };
    try {
      values = parseArgs({
        args,
        options: { database: { type: 'string' }, 'if-stale': { type: 'boolean', default: false } },
      }).values as typeof values;
    } catch (error) {
      stop((error as Error).message);
    }
    const url = io.env.DATABASE_URL;
    if (!url) stop('DATABASE_URL is not set (run it with npm run stats:rebuild).');
    const target = values.database ? scaleDatabaseUrl(url, values.database) : url;
    const name = new URL(target).pathname.slice(1);
    // Two connections: one holds the lock that pauses the writers, the other builds. A statement may
    // take minutes at millions of orders, so no statement deadline.
    const db = createDb(target, { connectionLimit: 2, statementTimeoutMs: 0 });
    try {
      io.stdout.write(`Rebuilding the statistics rollups of ${name}…\n`);
      const r = await rebuildStats(db, new Date(), { onlyIfStale: values['if-stale'] });
      io.stdout.write(
        r.rebuilt
          ? `✔ Rebuilt in ${formatDuration(r.ms)}${r.stale.length ? ` (they were behind the ${r.stale.join(', ')})` : ''}.\n`
          : '✔ The rollups are current: nothing to do.\n',
      );
    } finally {
      await db.destroy();
    }
  });
}

if (isEntryPoint(import.meta.url)) await runAsEntryPoint(statsRebuild);

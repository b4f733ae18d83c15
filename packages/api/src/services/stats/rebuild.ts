// Recomputes the statistics rollups from the orders, accounts and subscriptions: `npm run
// stats:rebuild`, the scale loader, and the server at start when the rollups are found behind (a
// restore or a bulk load wrote rows the app never counted). The new rollups are built in side tables
// and swapped in with one atomic RENAME, so readers see the old figures or the new ones, never half.
// While it runs, the exclusive lock on stats_state holds back the writers' rollup updates (they wait
// for it, it waits for them), so no change is lost between the reading of the orders and the swap.
// A writer whose transaction began before the swap is refused the new tables ("table definition has
// changed") and rerun whole by transaction(), like a deadlock victim.
import type { Database } from '@damso/db';
import { type RawBuilder, sql } from 'kysely';
import { NO_END_DAY } from './delta.ts';

const TABLES = [
  'stats_order_days',
  'stats_revenue_days',
  'stats_offer_days',
  'stats_offer_months',
  'stats_offer_titles',
  'stats_client_days',
  'stats_subscription_days',
] as const;
type RollupTable = (typeof TABLES)[number];

const next = (table: RollupTable) => sql.table(`${table}_next`);
const old = (table: RollupTable) => sql.table(`${table}_old`);

// The same figures delta.ts adds up row by row, here summed in SQL. UTC days: the pool's sessions
// use UTC and DATETIME columns are stored as written. The order lines are read once: each is looked up
// in an in-memory map of the paid orders (a scan of order_items rather than a million lookups into
// orders), summed per offer, day and title, and the offer days and months are summed from that.
const EARNING_ORDER = sql`o.status IN ('paid', 'delivered') AND o.paid_at IS NOT NULL`;
const DELIVERED = sql`o.status = 'delivered' AND o.delivered_at IS NOT NULL`;
const PAID = sql.table('stats_paid_orders');
// A MEMORY table of ~25 bytes per paid order; the session's limit is raised for it alone.
const PAID_MAP_BYTES = 1024 * 1024 * 1024;

const FILL: RawBuilder<unknown>[] = [
  sql`INSERT INTO ${next('stats_order_days')} (day, status, orders, max_order_id)
    SELECT DATE(o.created_at), o.status, COUNT(*), MAX(o.id) FROM orders o
    GROUP BY DATE(o.created_at), o.status`,
  sql`INSERT INTO ${next('stats_revenue_days')}
      (day, currency, paid_orders, revenue_cents, delivered_orders, delivery_seconds)
    SELECT DATE(o.paid_at), o.currency, COUNT(*), SUM(o.total_cents), SUM(${DELIVERED}),
      SUM(IF(${DELIVERED}, TIMESTAMPDIFF(SECOND, o.paid_at, o.delivered_at), 0))
    FROM orders o WHERE ${EARNING_ORDER}
    GROUP BY DATE(o.paid_at), o.currency`,
  sql`INSERT INTO ${PAID} (id, day) SELECT o.id, DATE(o.paid_at) FROM orders o WHERE ${EARNING_ORDER}`,
  // Sorted first: the rows then arrive in primary key order (appends, not a million random inserts).
  sql`INSERT INTO ${next('stats_offer_titles')} (offer_id, day, title, items, revenue_cents, units)
    SELECT i.offer_id, p.day, i.title, 1, i.unit_price_cents * i.quantity, i.quantity
    FROM order_items i JOIN ${PAID} p ON p.id = i.order_id
    ORDER BY i.offer_id, p.day
    ON DUPLICATE KEY UPDATE items = items + 1, revenue_cents = revenue_cents + VALUES(revenue_cents),
      units = units + VALUES(units)`,
  sql`INSERT INTO ${next('stats_offer_days')} (offer_id, day, revenue_cents, units)
    SELECT offer_id, day, SUM(revenue_cents), SUM(units) FROM ${next('stats_offer_titles')}
    GROUP BY offer_id, day`,
  // In (offer, day) order the months come in key order too: each row adds to the one just written.
  sql`INSERT INTO ${next('stats_offer_months')} (offer_id, month, revenue_cents, units)
    SELECT d.offer_id, DATE_FORMAT(d.day, '%Y-%m-01'), d.revenue_cents, d.units FROM ${next('stats_offer_days')} d
    ORDER BY d.offer_id, d.day
    ON DUPLICATE KEY UPDATE ${next('stats_offer_months')}.revenue_cents = ${next('stats_offer_months')}.revenue_cents
      + VALUES(revenue_cents), ${next('stats_offer_months')}.units = ${next('stats_offer_months')}.units + VALUES(units)`,
  sql`INSERT INTO ${next('stats_client_days')} (day, clients, max_user_id)
    SELECT DATE(created_at), SUM(role = 'client'), MAX(id) FROM users GROUP BY DATE(created_at)`,
  sql`INSERT INTO ${next('stats_subscription_days')} (day, active, max_subscription_id)
    SELECT COALESCE(DATE(ends_at), ${NO_END_DAY}), SUM(status IN ('active', 'expiring')), MAX(id)
    FROM subscriptions GROUP BY COALESCE(DATE(ends_at), ${NO_END_DAY})`,
];

interface SecondaryIndex {
  name: string;
  columns: string[];
}

/** A rollup table's non-unique secondary indexes, as the migrations made them. */
async function secondaryIndexes(conn: Database, table: RollupTable): Promise<SecondaryIndex[]> {
  const { rows } = await sql<{ name: string; columns: string }>`
    SELECT INDEX_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table} AND NON_UNIQUE = 1
    GROUP BY INDEX_NAME ORDER BY INDEX_NAME`.execute(conn);
  return rows.map((r) => ({ name: r.name, columns: r.columns.split(',') }));
}

/** Tables whose newest row id differs from the greatest one the rollups have counted. */
export async function staleRollups(db: Database): Promise<string[]> {
  // Greatest ids only: a primary key's end and a few thousand rollup rows, so the check costs
  // milliseconds at any size. It finds rows written behind the app's back (bulk loads, restores);
  // a hand-made UPDATE of existing rows needs `npm run stats:rebuild`.
  const { rows } = await sql<{ name: string; actual: number | string; counted: number | string }>`
    SELECT 'orders' AS name, (SELECT COALESCE(MAX(id), 0) FROM orders) AS actual,
      (SELECT COALESCE(MAX(max_order_id), 0) FROM stats_order_days) AS counted
    UNION ALL SELECT 'users', (SELECT COALESCE(MAX(id), 0) FROM users),
      (SELECT COALESCE(MAX(max_user_id), 0) FROM stats_client_days)
    UNION ALL SELECT 'subscriptions', (SELECT COALESCE(MAX(id), 0) FROM subscriptions),
      (SELECT COALESCE(MAX(max_subscription_id), 0) FROM stats_subscription_days)`.execute(db);
  return rows.filter((r) => Number(r.actual) !== Number(r.counted)).map((r) => r.name);
}

export interface RebuildResult {
  rebuilt: boolean;
  /** What was found behind (empty for a rebuild that was asked for). */
  stale: string[];
  ms: number;
}

/**
 * Rebuilds every rollup. With `onlyIfStale` it first checks, and checks again once it holds the lock
 * (another server starting at the same time may have rebuilt meanwhile).
 */
export async function rebuildStats(
  db: Database,
  now: Date,
  { onlyIfStale = false }: { onlyIfStale?: boolean } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const done = (rebuilt: boolean, stale: string[]) => ({ rebuilt, stale, ms: performance.now() - started });
  if (onlyIfStale && (await staleRollups(db)).length === 0) return done(false, []);
  // Not the retrying transaction(): nothing here is a deadlock victim (the builder takes no row locks),
  // and a rebuild that fails should say so rather than start over.
  return db.transaction().execute(async (lock) => {
    await sql`SELECT id FROM stats_state WHERE id = 1 FOR UPDATE`.execute(lock);
    const stale = await staleRollups(db);
    if (onlyIfStale && stale.length === 0) return done(false, []);
    await db.connection().execute(async (conn) => {
      // Secondary indexes are added once the rows are in: built from sorted rows, an index takes a
      // fraction of the time of keeping it up row by row.
      const indexes = new Map<RollupTable, SecondaryIndex[]>();
      for (const table of TABLES) {
        await sql`DROP TABLE IF EXISTS ${next(table)}`.execute(conn);
        await sql`DROP TABLE IF EXISTS ${old(table)}`.execute(conn);
        await sql`CREATE TABLE ${next(table)} LIKE ${sql.table(table)}`.execute(conn);
        const secondary = await secondaryIndexes(conn, table);
        indexes.set(table, secondary);
        if (secondary.length > 0) {
          await sql`ALTER TABLE ${next(table)} ${sql.join(secondary.map((i) => sql`DROP INDEX ${sql.ref(i.name)}`))}`.execute(
            conn,
          );
        }
      }
      await sql`SET SESSION max_heap_table_size = ${PAID_MAP_BYTES}`.execute(conn);
      await sql`DROP TEMPORARY TABLE IF EXISTS ${PAID}`.execute(conn);
      await sql`CREATE TEMPORARY TABLE ${PAID} (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, day DATE NOT NULL)
        ENGINE=MEMORY`.execute(conn);
      // READ COMMITTED: the INSERT … SELECTs read the orders without locking them, so staff working
      // orders (claims, messages) are not held up while the figures are summed.
      await sql`SET TRANSACTION ISOLATION LEVEL READ COMMITTED`.execute(conn);
      await sql`START TRANSACTION`.execute(conn);
      try {
        for (const fill of FILL) await fill.execute(conn);
        await sql`COMMIT`.execute(conn);
      } catch (error) {
        await sql`ROLLBACK`.execute(conn);
        throw error;
      } finally {
        // The connection goes back to the pool as it came.
        await sql`DROP TEMPORARY TABLE IF EXISTS ${PAID}`.execute(conn);
        await sql`SET SESSION max_heap_table_size = DEFAULT`.execute(conn);
      }
      for (const [table, secondary] of indexes) {
        if (secondary.length === 0) continue;
        const adds = secondary.map(
          (i) => sql`ADD INDEX ${sql.ref(i.name)} (${sql.join(i.columns.map((c) => sql.ref(c)))})`,
        );
        await sql`ALTER TABLE ${next(table)} ${sql.join(adds)}`.execute(conn);
      }
      const renames = TABLES.flatMap((t) => [sql`${sql.table(t)} TO ${old(t)}`, sql`${next(t)} TO ${sql.table(t)}`]);
      await sql`RENAME TABLE ${sql.join(renames)}`.execute(conn);
      for (const table of TABLES) await sql`DROP TABLE ${old(table)}`.execute(conn);
    });
    await lock.updateTable('stats_state').set({ rebuilt_at: now }).where('id', '=', 1).execute();
    return done(true, stale);
  });
}

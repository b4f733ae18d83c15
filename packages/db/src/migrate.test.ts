import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrateDownAll, migrateToLatest, pendingMigrations } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

/** An empty database for this test alone: what one test migrates, another must not find done. */
async function emptyDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase({ migrate: false });
  onTestFinished(() => t.drop());
  return t;
}

async function tableNames(t: TestDatabase) {
  const rows = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`.execute(t.db);
  return rows.rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_'));
}

// Three passes over every migration (about 150 schema changes): 3.5 s alone, 5 s in a full run, over 60 s
// in a loaded CI run.
describe('migrations', { timeout: 300_000 }, () => {
  it('create every table of the product on an empty database, then roll back to nothing', async () => {
    const t = await emptyDatabase();
    expect(await pendingMigrations(t.db)).toHaveLength(Object.keys(migrations).length);
    await migrateToLatest(t.db);
    expect(await pendingMigrations(t.db)).toEqual([]);
    const tables = await tableNames(t);
    for (const table of [
      'users',
      'sessions',
      'offers',
      'offer_stock_codes',
      'orders',
      'order_items',
      'coupons',
      'coupon_redemptions',
      'subscriptions',
      'comments',
      'order_messages',
      'notifications',
      'email_outbox',
      'audit_log',
      'settings',
      'payment_receipts',
      'carts',
      'cart_items',
      'password_reset_tokens',
    ]) {
      expect(tables).toContain(table);
    }
    const engines = await sql<{ engine: string; collation: string }>`
      SELECT engine, table_collation AS collation FROM information_schema.tables WHERE table_schema = DATABASE()`.execute(
      t.db,
    );
    for (const row of engines.rows) {
      expect(row.engine).toBe('InnoDB');
      expect(row.collation).toMatch(/^utf8mb4_/);
    }

    await migrateDownAll(t.db);
    expect(await tableNames(t)).toEqual([]);
    await migrateToLatest(t.db);
    expect((await tableNames(t)).length).toBeGreaterThan(20);
  });

  it('enforce the bounds the shop relies on (unique email, quantity, rating, price)', async () => {
    const t = await emptyDatabase();
    await migrateToLatest(t.db);
    const user = { email: 'a@b.test', full_name: 'A B', phone: '+14155550101', password_hash: 'x' };
    await t.db.insertInto('users').values(user).execute();
    await expect(t.db.insertInto('users').values(user).execute()).rejects.toThrow(/Duplicate/);
    const cat = await t.db.insertInto('categories').values({ slug: 'c', name: 'C' }).executeTakeFirstOrThrow();
    const offer = {
      slug: 'o',
      title: 'O',
      service_name: 'S',
      category_id: Number(cat.insertId),
      description: 'd',
      price_cents: 100,
    };
    await expect(
      t.db
        .insertInto('offers')
        .values({ ...offer, duration_days: 45 })
        .execute(),
    ).rejects.toThrow(/CONSTRAINT|check/i);
    await expect(
      t.db
        .insertInto('offers')
        .values({ ...offer, compare_at_cents: 50 })
        .execute(),
    ).rejects.toThrow(/CONSTRAINT|check/i);
    const o = await t.db.insertInto('offers').values(offer).executeTakeFirstOrThrow();
    const u = await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('comments')
        .values({ offer_id: Number(o.insertId), user_id: u.id, body: 'Nice', rating: 6 })
        .execute(),
    ).rejects.toThrow(/CONSTRAINT|check/i);
    const cart = await t.db.insertInto('carts').values({ user_id: u.id }).executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('cart_items')
        .values({
          cart_id: Number(cart.insertId),
          offer_id: Number(o.insertId),
          quantity: 11,
          unit_price_seen_cents: 100,
        })
        .execute(),
    ).rejects.toThrow(/CONSTRAINT|check/i);
  });

  it('match the checked-in Kysely types (kysely-codegen --verify)', async () => {
    const t = await emptyDatabase();
    await migrateToLatest(t.db);
    const root = path.resolve(import.meta.dirname, '../../..');
    const r = spawnSync(
      path.join(root, 'node_modules/.bin/kysely-codegen'),
      [
        '--dialect=mysql',
        `--url=${t.url}`,
        `--out-file=${path.join(root, 'packages/db/src/schema.ts')}`,
        '--exclude-pattern=kysely_migration*',
        '--verify',
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout + r.stderr).not.toMatch(/outdated|differ/i);
    expect(r.status).toBe(0);
  });
});

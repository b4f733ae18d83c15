// Fixtures for the order tests: offers, stock codes and callers that share one store configuration
// (one encryption key) and one movable clock, over a real test database.
import { randomBytes } from 'node:crypto';
import type { Database } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll } from 'vitest';
import type { SessionUser } from '../context.ts';
import { saveReceipt } from '../services/orders/receipts.ts';
import { actorFor, callerFor, createTestUser, testConfig } from './index.ts';

export function orderWorld(db: Database) {
  const config = testConfig();
  // The real time unless a test pins it with setNow.
  let pinned: Date | null = null;
  const now = () => pinned ?? new Date();
  let offerCount = 0;
  let categoryId: number | null = null;

  async function offer(
    opts: { price?: number; mode?: 'manual' | 'automatic'; duration?: number | null; threshold?: number } = {},
  ) {
    if (categoryId === null) {
      const c = await db
        .insertInto('categories')
        .values({ slug: `cat-${randomBytes(3).toString('hex')}`, name: `Category ${randomBytes(3).toString('hex')}` })
        .executeTakeFirstOrThrow();
      categoryId = Number(c.insertId);
    }
    offerCount += 1;
    const title = `Test plan ${offerCount}`;
    const r = await db
      .insertInto('offers')
      .values({
        slug: `test-plan-${offerCount}-${randomBytes(3).toString('hex')}`,
        title,
        service_name: 'Testly',
        category_id: categoryId,
        description: 'A plan for tests.',
        duration_days: opts.duration === undefined ? 30 : opts.duration,
        price_cents: opts.price ?? 1000,
        delivery_mode: opts.mode ?? 'manual',
        low_stock_threshold: opts.threshold ?? 0,
      })
      .executeTakeFirstOrThrow();
    // Counted like an offer the admin service creates.
    await db
      .updateTable('categories')
      .set((eb) => ({ active_offer_count: eb('active_offer_count', '+', 1) }))
      .where('id', '=', categoryId)
      .execute();
    return { id: Number(r.insertId), title };
  }

  async function stock(offerId: number, codes: string[]) {
    await db
      .insertInto('offer_stock_codes')
      .values(
        codes.map((code) => ({
          offer_id: offerId,
          code_ciphertext: config.encryptor.encrypt(code),
          code_hash: config.encryptor.fingerprint(code),
        })),
      )
      .execute();
  }

  const as = (user: SessionUser | null) => callerFor(db, user, { config, clock: now });
  /** What a procedure would pass a service: this world's configuration and time. */
  const deps = () => ({ config, now: now() });

  /** Puts the offers in the client's cart and checks out; returns the order number. */
  async function placeOrder(
    user: SessionUser,
    items: Array<{ offerId: number; quantity?: number }>,
    couponCode?: string,
  ) {
    const caller = as(user);
    for (const i of items) await caller.cart.add({ offerId: i.offerId, quantity: i.quantity ?? 1 });
    const { number } = await caller.orders.checkout({ idempotencyKey: randomBytes(12).toString('hex'), couponCode });
    return number;
  }

  /** Moves an order to payment review the way a client does: by uploading a receipt. */
  async function toReview(number: string, user: SessionUser) {
    await saveReceipt(db, actorFor(user), { number, file: { bytes: PDF, originalName: 'receipt.pdf' } }, deps());
  }

  /**
   * Claims the order at the desk, as staff must before working on it; an admin may `takeOver` another
   * employee's claim. The order must still need work (awaiting payment, in review or paid).
   */
  async function claim(user: SessionUser, number: string, takeOver = false) {
    await as(user).desk.claim({ number, takeOver });
  }

  return {
    config,
    as,
    claim,
    offer,
    stock,
    placeOrder,
    toReview,
    deps,
    setNow: (d: Date | null) => {
      pinned = d;
    },
    now,
  };
}

type BedRole = 'admin' | 'employee' | 'client';

/**
 * The set-up most order test files share: their own database, an order world over it and one account
 * for each role asked for (created admin, employee, client). Call it at the top of the file: it
 * registers its own beforeAll and afterAll, so its fields are filled before the file's own beforeAll
 * (registered after it) and before any test, and reading one earlier, or one not asked for, throws.
 */
export function orderTestBed(want: Partial<Record<BedRole, boolean>> = {}) {
  let t: TestDatabase | undefined;
  let world: ReturnType<typeof orderWorld> | undefined;
  const users: Partial<Record<BedRole, SessionUser>> = {};
  beforeAll(async () => {
    t = await createTestDatabase();
    world = orderWorld(t.db);
    for (const role of ['admin', 'employee', 'client'] as const) {
      if (want[role]) users[role] = await createTestUser(t.db, { role });
    }
  });
  afterAll(() => t?.drop());

  function ready<T>(value: T | undefined, name: string): T {
    if (value === undefined) {
      throw new Error(
        t
          ? `orderTestBed was not asked for ${name}: orderTestBed({ ${name}: true })`
          : `orderTestBed's ${name} is read before its beforeAll ran`,
      );
    }
    return value;
  }
  return {
    get db(): Database {
      return ready(t, 'db').db;
    },
    get w(): ReturnType<typeof orderWorld> {
      return ready(world, 'w');
    },
    get admin(): SessionUser {
      return ready(users.admin, 'admin');
    },
    get employee(): SessionUser {
      return ready(users.employee, 'employee');
    },
    get client(): SessionUser {
      return ready(users.client, 'client');
    },
  };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);

// Browser-test harness: a fresh migrated database with the demo data, the real server (buildApp)
// serving the built web app on a random port, and Debian's Chromium driven by playwright-core.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commentsChanged, formatOrderNumber } from '@damso/api';
import { createEncryptor, createSession, type Encryptor, hashPassword, parseKey, SESSION_COOKIE } from '@damso/auth';
import { type DB, itemsSummary, orderClient, seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { buildApp } from '@damso/server/app';
import { serverConfig } from '@damso/server/config';
import { loadEnv } from '@damso/server/env';
import type { OrderStatus, PermissionTable } from '@damso/validators';
import type { Insertable } from 'kysely';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const WEB_DIST = path.resolve(import.meta.dirname, '..', 'dist');

export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Shop {
  url: string;
  db: TestDatabase['db'];
  browser: Browser;
  /** A new browser context (own cookies) with console errors collected. */
  newPage: (viewport?: {
    width: number;
    height: number;
  }) => Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  /** The server's own encryptor, to put stock codes in the database as the admin upload would. */
  encryptor: Encryptor;
  /** Signs the browser context in as the user with this email, through a real session row and cookie. */
  loginAs: (context: BrowserContext, email: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The web build, copied for this shop: `npm run build` in another test (start-prod) may rewrite
 * apps/web/dist while this file's pages load. Waits out such a rebuild (no index.html or page list yet).
 */
async function copyOfWebBuild(into: string): Promise<string> {
  const complete = () =>
    existsSync(path.join(WEB_DIST, 'index.html')) && existsSync(path.join(WEB_DIST, '.vite', 'page-paths.json'));
  const deadline = Date.now() + 60_000;
  while (!complete()) {
    if (Date.now() > deadline) {
      throw new Error('No web build: run `npx turbo run build --filter=@damso/web` (npm test does it) first.');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const copy = path.join(into, 'web');
  await cp(WEB_DIST, copy, { recursive: true });
  return copy;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * The test's environment without libfaketime, under which Chromium crawls or crashes. The browser then
 * keeps the real clock while the server runs on the faked one, like a device whose clock is off.
 */
function browserEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[0] !== 'LD_PRELOAD' && !entry[0].startsWith('FAKETIME'),
    ),
  );
}

/** `database`: a migrated database to use instead of a fresh one on the shared test server. */
export async function startShop({
  seed = true,
  database,
  permissions,
}: {
  seed?: boolean;
  database?: TestDatabase;
  /** Another role → permission table than the product's (the permissions test grants one more). */
  permissions?: PermissionTable;
} = {}): Promise<Shop> {
  const t = database ?? (await createTestDatabase());
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'damso-e2e-'));
  const webDist = await copyOfWebBuild(uploadDir);
  if (seed) await seedDemoData(t.db, { uploadDir, hashPassword });
  // The port is chosen before start-up so PUBLIC_URL (used in email links) names the real address.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    PORT: String(port),
    PUBLIC_URL: url,
    UPLOAD_DIR: uploadDir,
    WEB_DIST: webDist,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    JOBS: 'off',
  });
  const app = await buildApp({ env, db: t.db, config: serverConfig(env, permissions), logger: false });
  await app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    env: browserEnv(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return {
    url,
    db: t.db,
    browser,
    encryptor: createEncryptor(parseKey(env.ENCRYPTION_KEY)),
    newPage: async (viewport = DESKTOP) => {
      const context = await browser.newContext({ viewport, baseURL: url });
      // A CSP violation (an eval, an inline script, a foreign image) counts as a page error, even one a
      // script caught: the browser still blocked something the page tried to do.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
        );
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, context, errors };
    },
    loginAs: async (context, email) => {
      const user = await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      const session = await createSession(t.db, user.id, new Date());
      await context.addCookies([
        {
          name: SESSION_COOKIE,
          value: session.token,
          url,
          httpOnly: true,
          sameSite: 'Lax',
          expires: Math.floor(session.expiresAt.getTime() / 1000),
        },
      ]);
    },
    close: async () => {
      await browser.close();
      await app.close();
      await t.drop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new verified client and one order of theirs for one offer (the first active manual one unless
 * given), written straight to the database in `status` and numbered as checkout numbers orders.
 * Returns the order number.
 */
export async function orderOfNewClient(
  db: TestDatabase['db'],
  {
    email,
    fullName,
    phone,
    status,
    offerId,
  }: {
    email: string;
    fullName: string;
    phone: string;
    status: OrderStatus;
    offerId?: number;
  },
): Promise<string> {
  const client = await db
    .insertInto('users')
    .values({ email, full_name: fullName, phone, password_hash: 'x', email_verified_at: new Date() })
    .executeTakeFirstOrThrow();
  let offers = db
    .selectFrom('offers')
    .select(['id', 'title', 'service_name', 'price_cents', 'delivery_mode'])
    .where('is_active', '=', 1);
  offers = offerId === undefined ? offers.where('delivery_mode', '=', 'manual') : offers.where('id', '=', offerId);
  const offer = await offers.orderBy('id').executeTakeFirstOrThrow();
  const order = await db
    .insertInto('orders')
    .values({
      user_id: Number(client.insertId),
      ...(await orderClient(db, Number(client.insertId))),
      status,
      subtotal_cents: offer.price_cents,
      total_cents: offer.price_cents,
      idempotency_key: randomBytes(12).toString('hex'),
    })
    .executeTakeFirstOrThrow();
  const id = Number(order.insertId);
  await db
    .insertInto('order_items')
    .values({
      order_id: id,
      offer_id: offer.id,
      title: offer.title,
      service_name: offer.service_name,
      unit_price_cents: offer.price_cents,
      quantity: 1,
      delivery_mode: offer.delivery_mode,
    })
    .execute();
  const number = formatOrderNumber(id);
  await db
    .updateTable('orders')
    .set({ number, items_summary: itemsSummary([{ title: offer.title, quantity: 1 }]) })
    .where('id', '=', id)
    .execute();
  return number;
}

/**
 * A comment written straight to the database as another app process would write it: with the comments
 * version, in one transaction, so the shop's cache of the offer's comments shows it. Returns its id.
 */
export async function writeComment(db: TestDatabase['db'], values: Insertable<DB['comments']>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('comments')
      .values({ created_at: new Date(), ...values })
      .executeTakeFirstOrThrow();
    await commentsChanged(trx);
    return Number(r.insertId);
  });
}

/** Nothing on the page scrolls sideways and axe finds nothing serious; `where` names the step that failed. */
export async function pageIsClean(page: Page, where: string): Promise<void> {
  expect({ where, scroll: await hasHorizontalScroll(page) }).toEqual({ where, scroll: false });
  expect({ where, violations: await seriousA11yViolations(page) }).toEqual({ where, violations: [] });
}

/** Waits for a toast done sliding in: axe measures the contrast of a half faded-in toast as the blend it sees. */
export async function toastShown(page: Page, text: string) {
  const toast = page.getByRole('region', { name: 'Messages' }).locator('[data-sonner-toast]', { hasText: text });
  await expect
    .poll(() =>
      toast.evaluate(
        (el) =>
          el instanceof HTMLElement &&
          el.dataset.mounted === 'true' &&
          el.getAnimations({ subtree: true }).length === 0,
      ),
    )
    .toBe(true);
}

/** True when the page is wider than the viewport (a sideways scroll on a phone). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs axe-core in the page; returns the serious and critical violations only. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools rather than a <script> tag, which the page's CSP rightly refuses.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

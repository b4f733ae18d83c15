// Walks every procedure of the router: each must declare who may call it (ACCESS below), and the
// server must refuse everyone else. A new procedure without a row here fails this test.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from './context.ts';
import { appRouter } from './root.ts';
import { callerFor, createTestUser } from './testing.ts';
import type { Access } from './trpc.ts';

const ACCESS: Record<string, Access> = {
  'system.bootstrap': 'public',
  'catalog.home': 'public',
  'catalog.search': 'public',
  'cart.get': 'client',
  'cart.add': 'client',
  'cart.setQuantity': 'client',
  'cart.remove': 'client',
  'cart.clear': 'client',
  'cart.merge': 'client',
  'orders.checkout': 'client',
  'orders.previewCoupon': 'client',
  'orders.list': 'client',
  'orders.get': 'client',
  'orders.cancel': 'client',
  'orders.revealDelivery': 'client',
  'orders.messages': 'client',
  'orders.sendMessage': 'client',
  'orders.markRead': 'client',
  'desk.counts': 'staff',
  'desk.queue': 'staff',
  'desk.get': 'staff',
  'desk.claim': 'staff',
  'desk.release': 'staff',
  'desk.approve': 'staff',
  'desk.reject': 'staff',
  'desk.deliver': 'staff',
  'desk.retryStock': 'staff',
  'desk.cancel': 'staff',
  'notifications.list': 'authed',
  'notifications.markRead': 'authed',
  'admin.coupons.list': 'admin',
  'admin.coupons.create': 'admin',
  'admin.coupons.update': 'admin',
  'admin.coupons.setActive': 'admin',
  'admin.coupons.redemptions': 'admin',
  'admin.orders.list': 'admin',
  'admin.orders.refund': 'admin',
  'admin.orders.paymentInstructions': 'admin',
  'admin.orders.setPaymentInstructions': 'admin',
  'admin.settings.subscriptionReminderDays': 'admin',
  'admin.settings.setSubscriptionReminderDays': 'admin',
  'subscriptions.list': 'client',
  'catalog.categories': 'public',
  'catalog.offer': 'public',
  'comments.list': 'public',
  'comments.create': 'client',
  'comments.update': 'client',
  'comments.delete': 'client',
  'comments.report': 'client',
  'comments.reply': 'staff',
  'admin.offers.list': 'admin',
  'admin.offers.get': 'admin',
  'admin.offers.create': 'admin',
  'admin.offers.update': 'admin',
  'admin.offers.setActive': 'admin',
  'admin.offers.delete': 'admin',
  'admin.offers.addStockCodes': 'admin',
  'admin.categories.list': 'admin',
  'admin.categories.create': 'admin',
  'admin.categories.rename': 'admin',
  'admin.categories.reorder': 'admin',
  'admin.comments.queue': 'admin',
  'admin.comments.setHidden': 'admin',
  'admin.comments.delete': 'admin',
  'auth.checkEmail': 'public',
  'auth.signUp': 'public',
  'auth.logIn': 'public',
  'auth.logOut': 'public',
  'auth.logOutEverywhere': 'authed',
  'auth.verifyEmail': 'authed',
  'auth.verifyEmailLink': 'public',
  'auth.resendVerification': 'authed',
  'auth.requestPasswordReset': 'public',
  'auth.resetPassword': 'public',
  'account.get': 'authed',
  'account.updateProfile': 'authed',
  'account.changePassword': 'authed',
  'account.changeEmail': 'authed',
  'account.cancelEmailChange': 'authed',
  'admin.users.list': 'admin',
  'admin.users.createEmployee': 'admin',
  'admin.users.setRole': 'admin',
  'admin.users.suspend': 'admin',
  'admin.users.reactivate': 'admin',
  'admin.audit.list': 'admin',
  'admin.audit.entityTypes': 'admin',
  'admin.outbox.list': 'admin',
  'admin.outbox.retry': 'admin',
  'admin.stats.defaultRange': 'admin',
  'admin.stats.overview': 'admin',
  'admin.stats.revenueCsv': 'admin',
};

type Who = 'visitor' | 'unverified' | 'client' | 'employee' | 'admin';
const ALLOWED: Record<Access, Who[]> = {
  public: ['visitor', 'unverified', 'client', 'employee', 'admin'],
  authed: ['unverified', 'client', 'employee', 'admin'],
  client: ['client', 'employee', 'admin'],
  staff: ['employee', 'admin'],
  admin: ['admin'],
};

// At run time tRPC keeps a flat map of dotted paths, whatever the nested type says.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: Access } } }>;

let t: TestDatabase;
const users = {} as Record<Who, SessionUser | null>;
beforeAll(async () => {
  t = await createTestDatabase();
  users.visitor = null;
  users.unverified = await createTestUser(t.db, { verified: false });
  users.client = await createTestUser(t.db);
  users.employee = await createTestUser(t.db, { role: 'employee' });
  users.admin = await createTestUser(t.db, { role: 'admin' });
});
afterAll(() => t.drop());

describe('authorization matrix', () => {
  it('lists every procedure with the role rule it declares', () => {
    const declared = Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, p._def.meta?.access]));
    expect(declared).toEqual(ACCESS);
  });

  for (const [path, access] of Object.entries(ACCESS)) {
    it(`${path} is refused to everyone but ${access} callers`, async () => {
      for (const who of ALLOWED.public) {
        const caller = callerFor(t.db, users[who]) as unknown as Record<
          string,
          Record<string, (i: unknown) => unknown>
        >;
        const [scope, ...rest] = path.split('.');
        let target: unknown = caller[scope as string];
        for (const key of rest) target = (target as Record<string, unknown>)[key];
        let code: string | null = null;
        try {
          await (target as (input: unknown) => Promise<unknown>)({});
        } catch (error) {
          code = error instanceof TRPCError ? error.code : 'INTERNAL';
        }
        const refused = code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
        expect({ who, refused }).toEqual({ who, refused: !ALLOWED[access].includes(who) });
      }
    });
  }
});

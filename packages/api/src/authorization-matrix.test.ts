// Walks every procedure of the router: each must declare who may call it (ACCESS below), and the
// server must refuse everyone else. A new procedure without a row here fails this test. Who is let in
// is computed from the role → permission table, so the table is the only truth.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { can, PERMISSIONS, type PermissionTable, type Role } from '@damso/validators';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from './context.ts';
import { appRouter } from './root.ts';
import { callerFor, createTestUser, testConfig } from './testing/index.ts';
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
  'desk.counts': 'desk:work',
  'desk.queue': 'desk:work',
  'desk.get': 'desk:work',
  'desk.claim': 'desk:work',
  'desk.release': 'desk:work',
  'desk.approve': 'desk:work',
  'desk.reject': 'desk:work',
  'desk.deliver': 'desk:work',
  'desk.retryStock': 'desk:work',
  'desk.cancel': 'desk:work',
  'notifications.list': 'authed',
  'notifications.markRead': 'authed',
  'notifications.pushStatus': 'authed',
  'notifications.subscribePush': 'authed',
  'notifications.unsubscribePush': 'authed',
  'admin.coupons.list': 'admin:offers',
  'admin.coupons.create': 'admin:offers',
  'admin.coupons.update': 'admin:offers',
  'admin.coupons.setActive': 'admin:offers',
  'admin.coupons.delete': 'admin:offers',
  'admin.coupons.redemptions': 'admin:offers',
  'admin.orders.list': 'admin:orders',
  'admin.orders.refund': 'admin:orders',
  'admin.settings.shop': 'admin:settings',
  'admin.settings.saveShop': 'admin:settings',
  'admin.content.pages': 'admin:settings',
  'admin.content.save': 'admin:settings',
  'content.page': 'public',
  'subscriptions.list': 'client',
  'catalog.categories': 'public',
  'catalog.offer': 'public',
  'comments.list': 'public',
  'comments.create': 'client',
  'comments.update': 'client',
  'comments.delete': 'client',
  'comments.report': 'client',
  'comments.reply': 'comments:reply',
  'admin.offers.list': 'admin:offers',
  'admin.offers.get': 'admin:offers',
  'admin.offers.create': 'admin:offers',
  'admin.offers.update': 'admin:offers',
  'admin.offers.setActive': 'admin:offers',
  'admin.offers.setActiveMany': 'admin:offers',
  'admin.offers.delete': 'admin:offers',
  'admin.offers.addStockCodes': 'admin:offers',
  'admin.categories.list': 'admin:offers',
  'admin.categories.create': 'admin:offers',
  'admin.categories.rename': 'admin:offers',
  'admin.categories.reorder': 'admin:offers',
  'admin.categories.delete': 'admin:offers',
  'admin.comments.queue': 'admin:moderate',
  'admin.comments.setHidden': 'admin:moderate',
  'admin.comments.moderateMany': 'admin:moderate',
  'admin.comments.dismissReports': 'admin:moderate',
  'admin.comments.delete': 'admin:moderate',
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
  'account.sessions': 'authed',
  'account.logOutOthers': 'authed',
  'admin.users.list': 'admin:users',
  'admin.users.createEmployee': 'admin:users',
  'admin.users.setRole': 'admin:users',
  'admin.users.suspend': 'admin:users',
  'admin.users.reactivate': 'admin:users',
  'admin.customers.get': 'admin:users',
  'admin.customers.orders': 'admin:users',
  'admin.customers.notes': 'admin:users',
  'admin.customers.addNote': 'admin:users',
  'admin.customers.endSessions': 'admin:users',
  'admin.audit.list': 'admin:audit',
  'admin.audit.entityTypes': 'admin:audit',
  'admin.outbox.list': 'admin:settings',
  'admin.outbox.retry': 'admin:settings',
  'admin.stats.defaultRange': 'admin:stats',
  'admin.stats.overview': 'admin:stats',
  'admin.stats.revenueCsv': 'admin:stats',
  'admin.overview': 'admin:stats',
};

type Who = 'visitor' | 'unverified' | 'client' | 'employee' | 'admin';
const WHO: Who[] = ['visitor', 'unverified', 'client', 'employee', 'admin'];
const ROLE_OF: Record<Who, Role | null> = {
  visitor: null,
  unverified: 'client',
  client: 'client',
  employee: 'employee',
  admin: 'admin',
};

/** Who the rule lets in under a permission table: the expectation comes from the table, not from role names. */
function allowed(access: Access, who: Who, table: PermissionTable): boolean {
  if (access === 'public') return true;
  if (who === 'visitor') return false;
  if (access === 'authed') return true;
  if (access === 'client') return who !== 'unverified' && can(ROLE_OF[who], 'shop:order', table);
  return can(ROLE_OF[who], access, table);
}

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

/** Whether `who` is refused `path` (UNAUTHORIZED or FORBIDDEN) under the given table; any other outcome is "let in". */
async function refused(path: string, who: Who, permissions: PermissionTable): Promise<boolean> {
  const caller = callerFor(t.db, users[who], { config: testConfig({ permissions }) }) as unknown as Record<
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
  return code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
}

describe('authorization matrix', () => {
  it('lists every procedure with the rule it declares', () => {
    const declared = Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, p._def.meta?.access]));
    expect(declared).toEqual(ACCESS);
  });

  for (const [path, access] of Object.entries(ACCESS)) {
    it(`${path} is refused to everyone the table does not let in (${access})`, async () => {
      for (const who of WHO) {
        expect({ who, refused: await refused(path, who, PERMISSIONS) }).toEqual({
          who,
          refused: !allowed(access, who, PERMISSIONS),
        });
      }
    });
  }

  it('follows the table alone: granting admin:offers to employees opens exactly the offer procedures to them', async () => {
    const granted: PermissionTable = { ...PERMISSIONS, 'admin:offers': ['employee', 'admin'] };
    const opened: string[] = [];
    for (const path of Object.keys(ACCESS)) {
      const before = await refused(path, 'employee', PERMISSIONS);
      const after = await refused(path, 'employee', granted);
      if (before && !after) opened.push(path);
      if (!before) expect({ path, after }).toEqual({ path, after: false });
    }
    expect(opened.sort()).toEqual(
      Object.entries(ACCESS)
        .filter(([, access]) => access === 'admin:offers')
        .map(([path]) => path)
        .sort(),
    );
    expect(opened).toContain('admin.offers.create');
    expect(opened).not.toContain('admin.users.list');
  });
});

import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './routers/account.ts';
import { adminRouter } from './routers/admin/index.ts';
import { authRouter } from './routers/auth.ts';
import { cartRouter } from './routers/cart.ts';
import { catalogRouter } from './routers/catalog.ts';
import { commentsRouter } from './routers/comments.ts';
import { contentRouter } from './routers/content.ts';
import { deskRouter } from './routers/desk.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { ordersRouter } from './routers/orders/index.ts';
import { subscriptionsRouter } from './routers/subscriptions.ts';
import { systemRouter } from './routers/system.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  system: systemRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  orders: ordersRouter,
  desk: deskRouter,
  notifications: notificationsRouter,
  admin: adminRouter,
  auth: authRouter,
  account: accountRouter,
  comments: commentsRouter,
  subscriptions: subscriptionsRouter,
  content: contentRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);

// Joins the admin area's routers under admin.*; one line per domain.
import { router } from '../../trpc.ts';
import { adminAuditRouter } from './audit.ts';
import { adminCategoriesRouter } from './categories.ts';
import { adminCommentsRouter } from './comments.ts';
import { adminContentRouter } from './content.ts';
import { adminCouponsRouter } from './coupons.ts';
import { adminCustomersRouter } from './customers.ts';
import { adminOffersRouter } from './offers.ts';
import { adminOrdersRouter } from './orders.ts';
import { adminOutboxRouter } from './outbox.ts';
import { adminOverviewProcedure } from './overview.ts';
import { adminSettingsRouter } from './settings.ts';
import { adminStatsRouter } from './stats.ts';
import { adminUsersRouter } from './users.ts';

export const adminRouter = router({
  offers: adminOffersRouter,
  categories: adminCategoriesRouter,
  comments: adminCommentsRouter,
  coupons: adminCouponsRouter,
  orders: adminOrdersRouter,
  settings: adminSettingsRouter,
  content: adminContentRouter,
  users: adminUsersRouter,
  customers: adminCustomersRouter,
  audit: adminAuditRouter,
  outbox: adminOutboxRouter,
  stats: adminStatsRouter,
  overview: adminOverviewProcedure,
});

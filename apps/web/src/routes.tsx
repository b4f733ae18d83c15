// Every page of the app. Only the home page ships with the first script: every other page, and the
// staff areas as a whole, load on demand, so a phone's first visit downloads the shop and nothing more.
// Plain routes (useRoutes), not a data router: the app has no loaders or actions, and the data router
// alone would add about 16 KB (gzip) to every first visit.
import type { RouteObject } from 'react-router';
import { ShopLayout } from './layouts/shop-layout.tsx';
import { searchInputFrom } from './lib/catalog-query.ts';
import { lazyPage, ON_ITS_OWN, type RouteHandle } from './lib/lazy-route.tsx';
import { retryUnlessNotFound } from './lib/trpc-errors.ts';
import { accountRoutes } from './pages/account/routes.tsx';
import { contentRoutes } from './pages/content/routes.tsx';
import { HomePage } from './pages/home-page.tsx';

/**
 * The catalog page's page size (pages/catalog-page.tsx): its prefetch must ask for exactly what the page
 * will, or it is a wasted request. The bundle-budget browser test fails when a first visit asks twice.
 */
const CATALOG_PAGE_SIZE = 12;

const homeHandle: RouteHandle = { prefetch: (utils) => void utils.catalog.home.prefetch(undefined, ON_ITS_OWN) };

const deskQueue = () => import('./pages/desk/desk-queue-page.tsx');
const offerEdit = () => import('./pages/admin/catalog/offer-edit-page.tsx');

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <ShopLayout />,
    children: [
      { index: true, element: <HomePage />, handle: homeHandle },
      { path: 'cart', ...lazyPage(() => import('./pages/orders/cart-page.tsx'), 'CartPage', { title: 'Cart' }) },
      {
        path: 'checkout',
        ...lazyPage(() => import('./pages/orders/checkout-page.tsx'), 'CheckoutPage', { title: 'Checkout' }),
      },
      {
        path: 'orders',
        ...lazyPage(() => import('./pages/orders/my-orders-page.tsx'), 'MyOrdersPage', { title: 'My orders' }),
      },
      {
        path: 'orders/:number',
        ...lazyPage(() => import('./pages/orders/order-page.tsx'), 'OrderPage', { title: 'Order' }),
      },
      {
        path: 'subscriptions',
        ...lazyPage(() => import('./pages/subscriptions/my-subscriptions-page.tsx'), 'MySubscriptionsPage', {
          title: 'My subscriptions',
        }),
      },
      {
        path: 'catalog',
        ...lazyPage(() => import('./pages/catalog-page.tsx'), 'CatalogPage', {
          title: 'Catalog',
          prefetch: (utils, { search }) =>
            void Promise.all([
              utils.catalog.categories.prefetch(undefined, ON_ITS_OWN),
              utils.catalog.search.prefetch(searchInputFrom(search, CATALOG_PAGE_SIZE), ON_ITS_OWN),
            ]),
        }),
      },
      {
        path: 'offers/:slug',
        ...lazyPage(() => import('./pages/offer-page.tsx'), 'OfferPage', {
          title: 'Offer',
          prefetch: (utils, { params }) =>
            void utils.catalog.offer.prefetch(
              { slug: params.slug ?? '' },
              { ...ON_ITS_OWN, retry: retryUnlessNotFound },
            ),
        }),
      },
      ...accountRoutes,
      ...contentRoutes,
      // Rare, so not in the first script every visit downloads.
      {
        path: '*',
        ...lazyPage(() => import('./pages/not-found-page.tsx'), 'NotFoundPage', { title: 'Page not found' }),
      },
    ],
  },
  {
    path: '/desk',
    ...lazyPage(() => import('./layouts/desk-layout.tsx'), 'DeskLayout', { title: 'Order desk' }),
    children: [
      { index: true, ...lazyPage(deskQueue, 'DeskQueuePage', { title: 'Payments to check' }) },
      { path: 'queue/:queue', ...lazyPage(deskQueue, 'DeskQueuePage') },
      {
        path: 'orders/:number',
        ...lazyPage(() => import('./pages/desk/desk-order-page.tsx'), 'DeskOrderPage', { title: 'Order' }),
      },
    ],
  },
  {
    path: '/admin',
    ...lazyPage(() => import('./layouts/admin-layout.tsx'), 'AdminLayout', { title: 'Admin' }),
    children: [
      { index: true, ...lazyPage(() => import('./pages/admin/admin-home.tsx'), 'AdminHome', { title: 'Overview' }) },
      {
        path: 'coupons',
        ...lazyPage(() => import('./pages/admin/coupons-page.tsx'), 'CouponsPage', { title: 'Coupons' }),
      },
      {
        path: 'orders',
        ...lazyPage(() => import('./pages/admin/orders-page.tsx'), 'AdminOrdersPage', { title: 'Orders' }),
      },
      {
        path: 'offers',
        ...lazyPage(() => import('./pages/admin/catalog/offers-page.tsx'), 'AdminOffersPage', { title: 'Offers' }),
      },
      { path: 'offers/new', ...lazyPage(offerEdit, 'AdminOfferEditPage', { title: 'New offer' }) },
      { path: 'offers/:id', ...lazyPage(offerEdit, 'AdminOfferEditPage', { title: 'Edit offer' }) },
      {
        path: 'categories',
        ...lazyPage(() => import('./pages/admin/catalog/categories-page.tsx'), 'AdminCategoriesPage', {
          title: 'Categories',
        }),
      },
      {
        path: 'comments',
        ...lazyPage(() => import('./pages/admin/catalog/comments-page.tsx'), 'AdminCommentsPage', {
          title: 'Comments',
        }),
      },
      {
        path: 'users',
        ...lazyPage(() => import('./pages/admin/users/users-page.tsx'), 'AdminUsersPage', { title: 'Users' }),
      },
      {
        path: 'users/:id',
        ...lazyPage(() => import('./pages/admin/users/customer-page.tsx'), 'AdminCustomerPage', { title: 'Customer' }),
      },
      {
        path: 'audit',
        ...lazyPage(() => import('./pages/admin/audit-page.tsx'), 'AdminAuditPage', { title: 'Audit log' }),
      },
      {
        path: 'outbox',
        ...lazyPage(() => import('./pages/admin/outbox-page.tsx'), 'AdminOutboxPage', { title: 'Email outbox' }),
      },
      {
        path: 'stats',
        ...lazyPage(() => import('./pages/admin/stats-page.tsx'), 'AdminStatsPage', { title: 'Statistics' }),
      },
      {
        path: 'settings',
        ...lazyPage(() => import('./pages/admin/settings-page.tsx'), 'AdminSettingsPage', { title: 'Settings' }),
      },
    ],
  },
];

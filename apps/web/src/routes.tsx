// Every page of the app. Staff areas load lazily so the shop's bundle never carries them.
import { createBrowserRouter } from 'react-router';
import { ShopLayout } from './layouts/shop-layout.tsx';
import { accountRoutes } from './pages/account/routes.tsx';
import { HomePage } from './pages/home-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { CartPage } from './pages/orders/cart-page.tsx';
import { CheckoutPage } from './pages/orders/checkout-page.tsx';
import { MyOrdersPage } from './pages/orders/my-orders-page.tsx';
import { OrderPage } from './pages/orders/order-page.tsx';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <ShopLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'cart', element: <CartPage /> },
      { path: 'checkout', element: <CheckoutPage /> },
      { path: 'orders', element: <MyOrdersPage /> },
      { path: 'orders/:number', element: <OrderPage /> },
      {
        path: 'subscriptions',
        lazy: async () => ({
          Component: (await import('./pages/subscriptions/my-subscriptions-page.tsx')).MySubscriptionsPage,
        }),
      },
      { path: 'catalog', lazy: async () => ({ Component: (await import('./pages/catalog-page.tsx')).CatalogPage }) },
      { path: 'offers/:slug', lazy: async () => ({ Component: (await import('./pages/offer-page.tsx')).OfferPage }) },
      ...accountRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/desk',
    lazy: async () => ({ Component: (await import('./layouts/desk-layout.tsx')).DeskLayout }),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./pages/desk/desk-queue-page.tsx')).DeskQueuePage }),
      },
      {
        path: 'queue/:queue',
        lazy: async () => ({ Component: (await import('./pages/desk/desk-queue-page.tsx')).DeskQueuePage }),
      },
      {
        path: 'orders/:number',
        lazy: async () => ({ Component: (await import('./pages/desk/desk-order-page.tsx')).DeskOrderPage }),
      },
    ],
  },
  {
    path: '/admin',
    lazy: async () => ({ Component: (await import('./layouts/admin-layout.tsx')).AdminLayout }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./pages/admin/admin-home.tsx')).AdminHome }) },
      {
        path: 'coupons',
        lazy: async () => ({ Component: (await import('./pages/admin/coupons-page.tsx')).CouponsPage }),
      },
      {
        path: 'orders',
        lazy: async () => ({ Component: (await import('./pages/admin/orders-page.tsx')).AdminOrdersPage }),
      },
      {
        path: 'offers',
        lazy: async () => ({ Component: (await import('./pages/admin/catalog/offers-page.tsx')).AdminOffersPage }),
      },
      {
        path: 'offers/new',
        lazy: async () => ({
          Component: (await import('./pages/admin/catalog/offer-edit-page.tsx')).AdminOfferEditPage,
        }),
      },
      {
        path: 'offers/:id',
        lazy: async () => ({
          Component: (await import('./pages/admin/catalog/offer-edit-page.tsx')).AdminOfferEditPage,
        }),
      },
      {
        path: 'categories',
        lazy: async () => ({
          Component: (await import('./pages/admin/catalog/categories-page.tsx')).AdminCategoriesPage,
        }),
      },
      {
        path: 'comments',
        lazy: async () => ({ Component: (await import('./pages/admin/catalog/comments-page.tsx')).AdminCommentsPage }),
      },
      {
        path: 'users',
        lazy: async () => ({ Component: (await import('./pages/admin/users/users-page.tsx')).AdminUsersPage }),
      },
      {
        path: 'audit',
        lazy: async () => ({ Component: (await import('./pages/admin/audit-page.tsx')).AdminAuditPage }),
      },
      {
        path: 'outbox',
        lazy: async () => ({ Component: (await import('./pages/admin/outbox-page.tsx')).AdminOutboxPage }),
      },
      {
        path: 'stats',
        lazy: async () => ({ Component: (await import('./pages/admin/stats-page.tsx')).AdminStatsPage }),
      },
    ],
  },
]);

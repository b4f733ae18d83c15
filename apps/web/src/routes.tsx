// Every page of the app. Staff areas load lazily so the shop's bundle never carries them.
import { createBrowserRouter } from 'react-router';
import { ShopLayout } from './layouts/shop-layout.tsx';
import { accountRoutes } from './pages/account/routes.tsx';
import { HomePage } from './pages/home-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <ShopLayout />,
    children: [
      { index: true, element: <HomePage /> },
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
      { index: true, lazy: async () => ({ Component: (await import('./pages/desk/desk-home.tsx')).DeskHome }) },
    ],
  },
  {
    path: '/admin',
    lazy: async () => ({ Component: (await import('./layouts/admin-layout.tsx')).AdminLayout }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./pages/admin/admin-home.tsx')).AdminHome }) },
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
    ],
  },
]);

// Pages fetched on demand, and a head start for the page a visitor lands on: its code and its first
// queries are requested as the app starts, beside the shop's settings, instead of one after the other.
import type { AppRouter } from '@damso/api';
import type { QueryClient } from '@tanstack/react-query';
import type { createTRPCQueryUtils } from '@trpc/react-query';
import { type ComponentType, lazy } from 'react';
import { matchRoutes, type Params, type RouteObject } from 'react-router';

export type TrpcUtils = ReturnType<typeof createTRPCQueryUtils<AppRouter>>;

/**
 * Options for a prefetch: sent as a request of its own, never in a batch with the shop's settings,
 * so a slow search does not hold up the header and the page's loading state.
 */
export const ON_ITS_OWN = { trpc: { context: { skipBatch: true } } } as const;

export interface RouteHandle {
  /** The page's name in the tab (lib/page-title.tsx); none on the home page, which is the shop's name. */
  title?: string;
  /** Starts downloading the page's code. */
  preload?: () => Promise<unknown>;
  /** Asks for the queries the page makes first, with the same inputs, so they are on their way. */
  prefetch?: (utils: TrpcUtils, at: { params: Params; search: URLSearchParams }) => void;
}

/**
 * A route's `element` and `handle` for the component `name` of a module loaded on demand, e.g.
 * `{ path: 'cart', ...lazyPage(() => import('./cart-page.tsx'), 'CartPage', { title: 'Cart' }) }`; rendered
 * inside a <PageBoundary>.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(
  load: () => Promise<M>,
  name: K,
  { title, prefetch }: Pick<RouteHandle, 'title' | 'prefetch'> = {},
) {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () => {
    loading ??= load().then((module) => ({ default: module[name] }));
    return loading;
  };
  const Page = lazy(preload);
  const handle: RouteHandle = { preload, prefetch, title };
  return { element: <Page />, handle };
}

/**
 * The landing page's prefetched data counts as fresh this long: it often arrives before the page mounts
 * (which waits for the shop's settings), and the page would otherwise ask for it again at once. After
 * that, the usual rules apply.
 */
const LANDING_FRESH_MS = 5_000;

/** Starts the code and the first queries of the pages at this address. */
export function startLanding(
  routes: RouteObject[],
  location: { pathname: string; search: string },
  utils: TrpcUtils,
  queryClient: QueryClient,
): void {
  const cache = queryClient.getQueryCache();
  const before = new Set(cache.getAll());
  const search = new URLSearchParams(location.search);
  for (const match of matchRoutes(routes, location.pathname) ?? []) {
    const handle = match.route.handle as RouteHandle | undefined;
    handle?.preload?.().catch(() => undefined);
    handle?.prefetch?.(utils, { params: match.params, search });
  }
  for (const query of cache.getAll()) {
    if (!before.has(query)) queryClient.setQueryDefaults(query.queryKey, { staleTime: LANDING_FRESH_MS });
  }
}

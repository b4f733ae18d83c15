// The tab's title on every page: "<page> · <shop name>", the shop's own name alone on the home page.
// Each route names its page (RouteHandle.title, routes.tsx); a page whose title comes with its data (an
// offer, a search, a content page) names itself with usePageTitle. One place writes document.title, so
// a screen reader announces the right page on every navigation and staff can tell their tabs apart.
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { matchRoutes, type RouteObject, useLocation } from 'react-router';
import type { RouteHandle } from './lazy-route.tsx';
import { useStore } from './session.tsx';

const OwnTitle = createContext<(title: string | null) => void>(() => undefined);

export function DocumentTitle({ routes, children }: { routes: RouteObject[]; children: ReactNode }) {
  const { storeName } = useStore();
  const location = useLocation();
  const [own, setOwn] = useState<string | null>(null);
  const matches = matchRoutes(routes, location) ?? [];
  const routeTitle = matches
    .map((m) => (m.route.handle as RouteHandle | undefined)?.title)
    .filter(Boolean)
    .at(-1);
  const title = own ?? routeTitle;
  useEffect(() => {
    document.title = title ? `${title} · ${storeName}` : storeName;
  }, [title, storeName]);
  return <OwnTitle.Provider value={setOwn}>{children}</OwnTitle.Provider>;
}

/** The page's own title, once its data says it (undefined until then keeps the route's). */
export function usePageTitle(title: string | undefined): void {
  const setOwn = useContext(OwnTitle);
  useEffect(() => {
    setOwn(title ?? null);
    return () => setOwn(null);
  }, [title, setOwn]);
}

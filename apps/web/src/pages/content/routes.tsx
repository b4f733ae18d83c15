// The content pages (terms, privacy, refunds, contact), loaded on demand, mounted inside the shop layout.
import type { RouteObject } from 'react-router';
import { lazyPage, ON_ITS_OWN, type RouteHandle } from '../../lib/lazy-route.tsx';

const load = () => import('./content-page.tsx');
const PAGES = [
  ['terms', 'TermsPage', 'Terms'],
  ['privacy', 'PrivacyPage', 'Privacy'],
  ['refunds', 'RefundsPage', 'Refunds'],
  ['contact', 'ContactPage', 'Contact'],
] as const;

export const contentRoutes: RouteObject[] = PAGES.map(([slug, name, title]) => {
  const prefetch: RouteHandle['prefetch'] = (utils) => void utils.content.page.prefetch({ slug }, ON_ITS_OWN);
  return { path: slug, ...lazyPage(load, name, { title, prefetch }) };
});

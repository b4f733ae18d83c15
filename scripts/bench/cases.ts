// The hot requests, as the web app sends them: tRPC over HTTP with superjson, one procedure per
// request, GET for queries and POST for mutations. A case runs once per connection with that
// connection's own session (a client's cart, an employee's claims), so a mutation is realistic.
import type { RouterInputs } from '@damso/api';
import type { DeepPages } from './deep-pages.ts';

export type Role = 'public' | 'client' | 'employee' | 'admin';

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** What each connection knows about its own user and the data it may touch. */
export interface ConnectionData {
  /** An active offer for this connection (offer page, cart). */
  offer: { id: number; slug: string };
  /** Cursors of deep pages, where "Next" leads (deep-pages.ts). */
  deep: DeepPages;
}

export interface BenchCase {
  name: string;
  /** For --only: one of catalog, offer, home, cart, checkout, orders, desk, admin, stats. */
  group: string;
  role: Role;
  /** Requests each connection repeats in turn; only the one named `measured` is reported. */
  steps: (data: ConnectionData, n: number) => HttpCall[];
  measured?: number;
  /** Takes seconds per request: this many rounds per connection, without a warm-up, instead of a duration. */
  rounds?: number;
  /** Fewer connections than the run's (one: a request at a time, as a single admin would load it). */
  connections?: number;
  /** The SQL differs per connection (its user or offer), so it is captured per connection. */
  perConnection?: boolean;
  /**
   * Connections that load something else meanwhile, unmeasured (admins on the statistics while the
   * shop is measured). Such a case has no bare-handler run: the interplay is the app's.
   */
  background?: { role: Role; connections: number; steps: (data: ConnectionData) => HttpCall[] };
}

type Procedure = keyof FlatInputs;
type FlatInputs = {
  'auth.logIn': RouterInputs['auth']['logIn'];
  'catalog.home': undefined;
  'catalog.search': RouterInputs['catalog']['search'];
  'catalog.offer': RouterInputs['catalog']['offer'];
  'comments.list': RouterInputs['comments']['list'];
  'cart.get': undefined;
  'cart.add': RouterInputs['cart']['add'];
  'orders.checkout': RouterInputs['orders']['checkout'];
  'orders.list': RouterInputs['orders']['list'];
  'desk.queue': RouterInputs['desk']['queue'];
  'desk.counts': undefined;
  'admin.orders.list': RouterInputs['admin']['orders']['list'];
  'admin.users.list': RouterInputs['admin']['users']['list'];
  'admin.stats.overview': RouterInputs['admin']['stats']['overview'];
};

// Typed by the router, so a renamed procedure or input breaks the build rather than the benchmark.
export function query<P extends Procedure>(procedure: P, input?: FlatInputs[P]): HttpCall {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return { method: 'GET', path: `/trpc/${procedure}${search}` };
}

export function mutation<P extends Procedure>(procedure: P, input: FlatInputs[P]): HttpCall {
  return { method: 'POST', path: `/trpc/${procedure}`, body: JSON.stringify({ json: input }) };
}

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

const catalog = (
  name: string,
  input: FlatInputs['catalog.search'] | ((d: ConnectionData) => FlatInputs['catalog.search']),
): BenchCase => ({
  name: `catalog: ${name}`,
  group: 'catalog',
  role: 'public',
  steps: (d) => [query('catalog.search', typeof input === 'function' ? input(d) : input)],
});

export function benchCases(now: Date, runId: string): BenchCase[] {
  const today = now.getTime();
  const year = query('admin.stats.overview', { from: isoDay(today - 364 * DAY_MS), to: isoDay(today) });
  return [
    catalog('popular, page 1', {}),
    catalog('price ascending', { sort: 'price_asc' }),
    catalog('price descending', { sort: 'price_desc' }),
    catalog('newest', { sort: 'newest' }),
    catalog('rating', { sort: 'rating' }),
    catalog('category', { category: 'music' }),
    catalog('price range', { minPrice: 1000, maxPrice: 5000, sort: 'price_asc' }),
    catalog('12-month plans', { duration: '365' }),
    catalog('search "stre" (prefix)', { q: 'stre' }),
    catalog('search "tune family" + category', { q: 'tune family', category: 'music' }),
    catalog('popular, page 50', { page: 50 }),
    // Deep pages are reached with "Next": the cursor of the page before (numbers go to page 84).
    catalog('newest, page 500', (d) => ({ sort: 'newest', ...d.deep.catalog.newest500 })),
    catalog('rating, page 500', (d) => ({ sort: 'rating', ...d.deep.catalog.rating500 })),
    catalog('search "stre", page 30', (d) => ({ q: 'stre', ...d.deep.catalog.stre30 })),
    catalog('search a brand ("streamwise")', { q: 'streamwise' }),
    catalog('search, mistyped ("streamwies")', { q: 'streamwies' }),
    catalog('search "family", best rated', { q: 'family', sort: 'rating' }),
    catalog('lifetime, best rated', { duration: 'lifetime', sort: 'rating' }),
    catalog('narrow price range, popular', { minPrice: 1234, maxPrice: 1260 }),
    catalog('category + 3 months + price, newest', {
      category: 'creative',
      duration: '90',
      minPrice: 500,
      maxPrice: 4000,
      sort: 'newest',
    }),
    { name: 'home', group: 'home', role: 'public', steps: () => [query('catalog.home')] },
    {
      name: 'offer page',
      group: 'offer',
      role: 'public',
      perConnection: true,
      steps: (d) => [query('catalog.offer', { slug: d.offer.slug })],
    },
    {
      name: 'offer comments',
      group: 'offer',
      role: 'public',
      perConnection: true,
      steps: (d) => [query('comments.list', { offerId: d.offer.id })],
    },
    {
      // A client's view adds whether they bought and rated the offer, and which comments are theirs.
      name: 'offer comments, signed in',
      group: 'offer',
      role: 'client',
      perConnection: true,
      steps: (d) => [query('comments.list', { offerId: d.offer.id })],
    },
    { name: 'cart', group: 'cart', role: 'client', perConnection: true, steps: () => [query('cart.get')] },
    {
      name: 'checkout (after cart.add)',
      group: 'checkout',
      role: 'client',
      perConnection: true,
      measured: 1,
      steps: (d, n) => [
        mutation('cart.add', { offerId: d.offer.id, quantity: 1 }),
        mutation('orders.checkout', { idempotencyKey: `bench-${runId}-${n}` }),
      ],
    },
    {
      name: 'my orders',
      group: 'orders',
      role: 'client',
      perConnection: true,
      steps: () => [query('orders.list', {})],
    },
    { name: 'desk counts', group: 'desk', role: 'employee', steps: () => [query('desk.counts')] },
    ...(['payment_review', 'paid', 'awaiting_payment'] as const).map(
      (queue): BenchCase => ({
        name: `desk queue: ${queue}`,
        group: 'desk',
        role: 'employee',
        steps: () => [query('desk.queue', { queue })],
      }),
    ),
    {
      name: 'desk queue: paid, a client by name ("mar")',
      group: 'desk',
      role: 'employee',
      steps: () => [query('desk.queue', { queue: 'paid', q: 'mar' })],
    },
    {
      name: 'admin orders: a client by email ("ada")',
      group: 'admin',
      role: 'admin',
      steps: () => [query('admin.orders.list', { q: 'ada' })],
    },
    { name: 'admin orders, page 1', group: 'admin', role: 'admin', steps: () => [query('admin.orders.list', {})] },
    {
      name: 'admin orders: delivered, page 20',
      group: 'admin',
      role: 'admin',
      steps: () => [query('admin.orders.list', { status: 'delivered', page: 20 })],
    },
    {
      name: 'admin orders: delivered, page 400 (Next)',
      group: 'admin',
      role: 'admin',
      steps: (d) => [query('admin.orders.list', { status: 'delivered', ...d.deep.deliveredOrders400 })],
    },
    { name: 'admin users, page 1', group: 'admin', role: 'admin', steps: () => [query('admin.users.list', {})] },
    {
      name: 'admin users, page 400 (Next)',
      group: 'admin',
      role: 'admin',
      steps: (d) => [query('admin.users.list', d.deep.users400)],
    },
    {
      name: 'admin users: search "mar"',
      group: 'admin',
      role: 'admin',
      steps: () => [query('admin.users.list', { q: 'mar' })],
    },
    ...[10, 1].map(
      (connections): BenchCase => ({
        name: connections === 1 ? 'statistics, 12 months, one at a time' : 'statistics, 12 months',
        group: 'stats',
        role: 'admin',
        // Timed for the run's duration now that it answers in milliseconds (the load switches to whole
        // rounds by itself when a request takes seconds).
        ...(connections === 1 ? { connections } : {}),
        steps: () => [year],
      }),
    ),
    {
      // The shop must not slow down while admins read a year of statistics (compare with "offer page").
      name: 'offer page, 2 admins loading 12-month statistics',
      group: 'stats',
      role: 'public',
      perConnection: true,
      steps: (d) => [query('catalog.offer', { slug: d.offer.slug })],
      background: { role: 'admin', connections: 2, steps: () => [year] },
    },
  ];
}

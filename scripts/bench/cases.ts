// The hot requests, as the web app sends them: tRPC over HTTP with superjson, one procedure per
// request, GET for queries and POST for mutations. A case runs once per connection with that
// connection's own session (a client's cart, an employee's claims), so a mutation is realistic.
import type { RouterInputs } from '@damso/api';

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

const catalog = (name: string, input: FlatInputs['catalog.search']): BenchCase => ({
  name: `catalog: ${name}`,
  group: 'catalog',
  role: 'public',
  steps: () => [query('catalog.search', input)],
});

export function benchCases(now: Date, runId: string): BenchCase[] {
  const today = now.getTime();
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
    catalog('newest, page 500', { sort: 'newest', page: 500 }),
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
    { name: 'admin orders, page 1', group: 'admin', role: 'admin', steps: () => [query('admin.orders.list', {})] },
    {
      name: 'admin orders: delivered, page 20',
      group: 'admin',
      role: 'admin',
      steps: () => [query('admin.orders.list', { status: 'delivered', page: 20 })],
    },
    { name: 'admin users, page 1', group: 'admin', role: 'admin', steps: () => [query('admin.users.list', {})] },
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
        rounds: connections === 1 ? 3 : 1,
        ...(connections === 1 ? { connections } : {}),
        steps: () => [query('admin.stats.overview', { from: isoDay(today - 364 * DAY_MS), to: isoDay(today) })],
      }),
    ),
  ];
}

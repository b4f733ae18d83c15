// Real users for the benchmark, logged in over HTTP like a browser: clients with many orders (their
// own cart and checkout per connection), employees and admins. Every seeded account shares the demo
// password. Each connection also gets its own active offer for the offer page and the cart.
import { type Database, DEMO_PASSWORD } from '@damso/db';
import { sql } from 'kysely';
import type { ConnectionData, Role } from './cases.ts';
import { deepPages } from './deep-pages.ts';

export interface Session {
  role: Role;
  email: string;
  cookie: string;
}

export interface Connections {
  /** Per connection: the cookie for each role (none for public), and its data. */
  sessions: Array<Record<Role, string | null>>;
  data: ConnectionData[];
}

export async function pickAccounts(db: Database, count: number) {
  // The busiest clients: "my orders" then has a full first page and more.
  const clients = await sql<{ email: string }>`SELECT u.email FROM users u
    JOIN (SELECT user_id, COUNT(*) AS n FROM orders GROUP BY user_id ORDER BY n DESC LIMIT ${count * 3}) o ON o.user_id = u.id
    WHERE u.status = 'active' AND u.email_verified_at IS NOT NULL AND u.role = 'client'
    ORDER BY o.n DESC, u.id LIMIT ${count}`.execute(db);
  const staff = (role: 'employee' | 'admin') =>
    db
      .selectFrom('users')
      .select('email')
      .where('role', '=', role)
      .where('status', '=', 'active')
      .orderBy('id')
      .limit(count)
      .execute();
  const offers = await db
    .selectFrom('offers')
    .select(['id', 'slug'])
    .where('is_active', '=', 1)
    .orderBy('sold_count', 'desc')
    .orderBy('id')
    .limit(count)
    .execute();
  const [employees, admins] = await Promise.all([staff('employee'), staff('admin')]);
  if (clients.rows.length === 0 || employees.length === 0 || admins.length === 0 || offers.length === 0) {
    throw new Error('The scale database has no orders, staff or offers: run npm run seed:scale first.');
  }
  const at = <T>(list: T[], i: number) => list[i % list.length] as T;
  return Array.from({ length: count }, (_, i) => ({
    client: at(clients.rows, i).email,
    employee: at(employees, i).email,
    admin: at(admins, i).email,
    offer: at(offers, i),
  }));
}

/** Logs in through the real endpoint and returns the session cookie. */
export async function logIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/auth.logIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(baseUrl).origin },
    body: JSON.stringify({ json: { email, password: DEMO_PASSWORD } }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('damso_session='));
  if (!response.ok || !cookie)
    throw new Error(`Logging in ${email} failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0] as string;
}

export async function openConnections(db: Database, baseUrl: string, count: number): Promise<Connections> {
  const accounts = await pickAccounts(db, count);
  const sessions: Connections['sessions'] = [];
  // One at a time: each login is an Argon2 verification, and the server shares two cores.
  for (const a of accounts) {
    sessions.push({
      public: null,
      client: await logIn(baseUrl, a.client),
      employee: await logIn(baseUrl, a.employee),
      admin: await logIn(baseUrl, a.admin),
    });
  }
  const deep = await deepPages(db);
  return { sessions, data: accounts.map((a) => ({ offer: { id: a.offer.id, slug: a.offer.slug }, deep })) };
}

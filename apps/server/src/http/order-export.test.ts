// The orders CSV route: the orders list's permission, validated filters, and a file download.
import type { SessionUser } from '@damso/api';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_CSV_PATH, orderExportRoutes } from './order-export.ts';

let t: TestDatabase;
let app: FastifyInstance;
const people: Record<string, SessionUser> = {
  admin: { id: 1, email: 'a@example.test', fullName: 'Ada Admin', role: 'admin', emailVerified: true },
  employee: { id: 2, email: 'e@example.test', fullName: 'Eve Employee', role: 'employee', emailVerified: true },
  client: { id: 3, email: 'c@example.test', fullName: 'Cy Client', role: 'client', emailVerified: true },
};

beforeAll(async () => {
  t = await createTestDatabase();
  app = Fastify();
  // Who is signed in comes from a test header here; the app reads the session cookie.
  await app.register(orderExportRoutes, {
    db: t.db,
    clock: () => new Date('2026-12-07T12:00:00Z'),
    resolveUser: async (req) => people[String(req.headers['x-test-user'])] ?? null,
  });
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

const get = (query: string, user?: string) =>
  app.inject({ method: 'GET', url: `${ORDERS_CSV_PATH}${query}`, headers: user ? { 'x-test-user': user } : {} });

describe('GET /api/admin/orders.csv', () => {
  it('is refused to visitors, clients and employees', async () => {
    expect((await get('')).statusCode).toBe(401);
    expect((await get('', 'client')).statusCode).toBe(403);
    expect((await get('', 'employee')).statusCode).toBe(403);
  });

  it('refuses a range whose end is before its start, and dates that are not days', async () => {
    const reversed = await get('?createdFrom=2026-11-30&createdTo=2026-11-01', 'admin');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ message: 'The end date must be on or after the start date' });
    expect((await get('?createdFrom=2026-11-01T10:00', 'admin')).statusCode).toBe(400);
    expect((await get('?status=lost', 'admin')).statusCode).toBe(400);
  });

  it('sends the admin a CSV file named after its filters', async () => {
    const res = await get('?status=paid&createdFrom=2026-11-01&createdTo=2026-11-30', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="orders-paid-from-2026-11-01-to-2026-11-30.csv"',
    );
    expect(res.body).toBe('number,placed_at_utc,status,client_name,client_email,items,total,currency\r\n');
  });
});

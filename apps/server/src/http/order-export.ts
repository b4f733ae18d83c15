// The admin's orders as a CSV download, over plain HTTP so the file streams to the browser as the
// service reads it (a tRPC answer would be built whole in memory first). The same permission as the
// orders list; the filters are the list's, validated by the same schema pieces.

import { Readable } from 'node:stream';
import { ordersCsv, ordersCsvFilename, type SessionUser } from '@damso/api';
import type { Database } from '@damso/db';
import { adminOrdersCsvInput, can } from '@damso/validators';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface OrderExportRouteOptions {
  /** The primary: an export made just after a change must include it. */
  db: Database;
  clock: () => Date;
  resolveUser: (req: FastifyRequest, reply: FastifyReply) => Promise<SessionUser | null>;
}

export const ORDERS_CSV_PATH = '/api/admin/orders.csv';

export async function orderExportRoutes(app: FastifyInstance, opts: OrderExportRouteOptions) {
  app.get(ORDERS_CSV_PATH, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const user = await opts.resolveUser(req, reply);
    if (!user) return reply.code(401).send({ error: 'UNAUTHORIZED', message: 'Please log in first.' });
    if (!can(user.role, 'admin:orders')) {
      return reply.code(403).send({ error: 'FORBIDDEN', message: 'Only admins can do this.' });
    }
    const input = adminOrdersCsvInput.safeParse(req.query);
    if (!input.success) {
      const message = input.error.issues[0]?.message ?? 'These filters are not valid.';
      return reply.code(400).send({ error: 'BAD_REQUEST', message });
    }
    const filename = ordersCsvFilename(input.data, opts.clock());
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(Readable.from(ordersCsv(opts.db, input.data)));
  });
}

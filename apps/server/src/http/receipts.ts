// Payment receipts over plain HTTP (multipart upload, file download), outside tRPC because they carry
// files. The services check ownership and state; these routes only translate to and from HTTP.
import { createReadStream } from 'node:fs';
import { type ApiConfig, openReceipt, type SessionUser, saveReceipt } from '@damso/api';
import type { Database } from '@damso/db';
import { orderNumber, RECEIPT_MAX_BYTES } from '@damso/validators';
import multipart from '@fastify/multipart';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ReceiptRouteOptions {
  db: Database;
  config: ApiConfig;
  clock: () => Date;
  /** The signed-in user of a request (the session cookie), or null. May clear a stale cookie on the reply. */
  resolveUser: (req: FastifyRequest, reply: FastifyReply) => Promise<SessionUser | null>;
}

function sendError(reply: FastifyReply, error: unknown) {
  if (error instanceof TRPCError) {
    return reply.code(getHTTPStatusCodeFromError(error)).send({ error: error.code, message: error.message });
  }
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return reply.code(413).send({ error: 'PAYLOAD_TOO_LARGE', message: 'The receipt is larger than 5 MB.' });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return reply
      .code(400)
      .send({ error: 'BAD_REQUEST', message: 'Send one file in a multipart form field named "file".' });
  }
  throw error;
}

export async function receiptRoutes(app: FastifyInstance, opts: ReceiptRouteOptions) {
  await app.register(multipart, { limits: { fileSize: RECEIPT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

  async function signedIn(req: FastifyRequest, reply: FastifyReply) {
    const user = await opts.resolveUser(req, reply);
    if (!user) {
      await reply.code(401).send({ error: 'UNAUTHORIZED', message: 'Please log in first.' });
      return null;
    }
    return user;
  }

  app.post<{ Params: { number: string } }>('/api/orders/:number/receipt', async (req, reply) => {
    const user = await signedIn(req, reply);
    if (!user) return reply;
    if (!user.emailVerified) {
      return reply.code(403).send({ error: 'FORBIDDEN', message: 'Please verify your email address first.' });
    }
    const number = orderNumber.safeParse(req.params.number);
    if (!number.success)
      return sendError(reply, new TRPCError({ code: 'NOT_FOUND', message: 'We could not find this order.' }));
    try {
      const file = await req.file();
      if (!file) return reply.code(400).send({ error: 'BAD_REQUEST', message: 'Choose a receipt file to upload.' });
      const bytes = await file.toBuffer();
      const saved = await saveReceipt(opts.db, { config: opts.config, now: opts.clock() }, number.data, user, {
        bytes,
        originalName: file.filename,
      });
      return reply.code(201).send(saved);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  app.get<{ Params: { key: string }; Querystring: { download?: string } }>('/api/receipts/:key', async (req, reply) => {
    const user = await signedIn(req, reply);
    if (!user) return reply;
    try {
      const receipt = await openReceipt(opts.db, opts.config, req.params.key, user);
      const disposition = req.query.download === '1' ? 'attachment' : 'inline';
      const safeName = receipt.fileName.replace(/[^\w.-]+/g, '_');
      return (
        reply
          .header('content-type', receipt.mimeType)
          .header('content-length', receipt.sizeBytes)
          .header('content-disposition', `${disposition}; filename="${safeName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          // The file is shown in the desk (image or PDF frame) and must never run anything.
          .header(
            'content-security-policy',
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'",
          )
          .send(createReadStream(receipt.path))
      );
    } catch (error) {
      return sendError(reply, error);
    }
  });
}

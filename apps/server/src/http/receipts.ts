// Payment receipts over plain HTTP (multipart upload, file download), outside tRPC because they carry
// files. The services check ownership and state; these routes only translate to and from HTTP. The
// file itself comes from the file store (a folder or a bucket) only after the access check.
import {
  type ApiConfig,
  DomainError,
  openReceipt,
  type SessionUser,
  saveReceipt,
  toTRPCError,
  userActor,
} from '@damso/api';
import type { Database } from '@damso/db';
import { orderNumber, RECEIPT_MAX_BYTES } from '@damso/validators';
import multipart from '@fastify/multipart';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readOneFile, UploadFormError, uploadLimits } from './upload.ts';

export interface ReceiptRouteOptions {
  db: Database;
  config: ApiConfig;
  clock: () => Date;
  /** The signed-in user of a request (the session cookie), or null. May clear a stale cookie on the reply. */
  resolveUser: (req: FastifyRequest, reply: FastifyReply) => Promise<SessionUser | null>;
}

const EXTENSIONS: Record<string, string> = {
  'image/webp': '.webp',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'application/pdf': '.pdf',
};

/** A user's mistake or a refusal as a JSON answer; anything else (the store or database down) goes to the error handler. */
function sendError(reply: FastifyReply, error: unknown) {
  const refusal = error instanceof DomainError ? toTRPCError(error) : null;
  if (refusal) {
    return reply.code(getHTTPStatusCodeFromError(refusal)).send({ error: refusal.code, message: refusal.message });
  }
  if (error instanceof UploadFormError) {
    const code = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return reply.code(error.status).send({ error: code, message: error.message });
  }
  throw error;
}

export async function receiptRoutes(app: FastifyInstance, opts: ReceiptRouteOptions) {
  await app.register(multipart, { limits: uploadLimits(RECEIPT_MAX_BYTES, 5) });

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
    if (!number.success) return reply.code(404).send({ error: 'NOT_FOUND', message: 'We could not find this order.' });
    try {
      const file = await readOneFile(req, { field: 'file', maxBytes: RECEIPT_MAX_BYTES, what: 'receipt' });
      const input = { number: number.data, file: { bytes: file.bytes, originalName: file.filename } };
      const saved = await saveReceipt(opts.db, userActor(user, req.ip), input, {
        config: opts.config,
        now: opts.clock(),
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
      const receipt = await openReceipt(opts.db, userActor(user, req.ip), { key: req.params.key });
      const file = await opts.config.storage.get(receipt.objectKey);
      if (!file) {
        req.log.error({ key: receipt.objectKey, location: opts.config.storage.location }, 'receipt file missing');
        return reply.code(404).send({ error: 'NOT_FOUND', message: 'The file of this receipt could not be found.' });
      }
      // Only a picture may be shown in the page; a PDF is always a download, so no viewer runs it here.
      const inline = receipt.mimeType.startsWith('image/') && req.query.download !== '1';
      // The kept file may be a re-encode (a .png became WebP): the name's extension follows what is sent.
      const baseName = receipt.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'receipt';
      const safeName = `${baseName}${EXTENSIONS[receipt.mimeType] ?? ''}`;
      return (
        reply
          .header('content-type', receipt.mimeType)
          .header('content-length', file.size)
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${safeName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          // Whatever the file is, opened directly it runs in a sandbox: no script, no same-origin access.
          .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'")
          .send(file.body)
      );
    } catch (error) {
      return sendError(reply, error);
    }
  });
}

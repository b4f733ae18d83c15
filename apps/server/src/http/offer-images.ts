// Offer pictures over plain HTTP (tRPC carries JSON, not files). POST /api/admin/offer-images: an
// admin uploads a picture (multipart field "image") and gets back the key to put on the offer.
// GET /uploads/offers/<key>-<width>.webp: anyone reads one, streamed from the file store (a folder or
// a bucket) with a year of caching, so a CDN or the proxy in front can keep it.
import { DomainError, httpStatusOf, type SessionUser } from '@damso/api';
import { IMAGE_WIDTHS, MAX_IMAGE_BYTES, OFFER_IMAGE_CACHE, offerImageKey, storeOfferImage } from '@damso/api/images';
import type { FileStore } from '@damso/storage';
import { can } from '@damso/validators';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readOneFile, UploadFormError, uploadLimits } from './upload.ts';

/** Cross-site requests are refused before this route by the server-wide check in ./session.ts. */
export interface OfferImageRouteOptions {
  storage: FileStore;
  /** The signed-in user behind the request's session cookie (the reply lets it clear a stale cookie). */
  resolveUser: (req: FastifyRequest, reply: FastifyReply) => Promise<SessionUser | null>;
}

// Only names the upload route makes: nothing else in the store is reachable through this path.
const IMAGE_NAME = new RegExp(`^([a-f0-9]{32})-(${IMAGE_WIDTHS.join('|')})\\.webp$`);

export async function offerImageRoutes(app: FastifyInstance, options: OfferImageRouteOptions) {
  // Registered inside this plugin, so only this route accepts multipart bodies.
  await app.register(multipart, { limits: uploadLimits(MAX_IMAGE_BYTES) });

  app.post('/api/admin/offer-images', async (req, reply) => {
    const user = await options.resolveUser(req, reply);
    if (!user) return reply.code(401).send({ message: 'Please log in first.' });
    if (!can(user.role, 'admin:offers'))
      return reply.code(403).send({ message: 'Only admins can upload offer images.' });
    let bytes: Buffer;
    try {
      ({ bytes } = await readOneFile(req, { field: 'image', maxBytes: MAX_IMAGE_BYTES, what: 'image' }));
    } catch (error) {
      if (error instanceof UploadFormError) return reply.code(error.status).send({ message: error.message });
      throw error;
    }
    try {
      const { key } = await storeOfferImage(options.storage, bytes);
      req.log.info({ key, userId: user.id }, 'offer image stored');
      return reply.code(201).send({ key });
    } catch (error) {
      // A store that cannot be reached goes on to the error handler: a 503 to retry.
      if (error instanceof DomainError) return reply.code(httpStatusOf(error)).send({ message: error.message });
      throw error;
    }
  });

  app.get<{ Params: { name: string } }>('/uploads/offers/:name', async (req, reply) => {
    const { name } = req.params;
    const notFound = () =>
      reply.code(404).header('cache-control', 'no-store').send({ error: 'Not Found', message: 'No such image.' });
    const match = IMAGE_NAME.exec(name);
    if (!match) return notFound();
    // A name is never reused for other pixels, so the name is the version.
    const etag = `"${name}"`;
    reply.header('cache-control', OFFER_IMAGE_CACHE).header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const file = await options.storage.get(offerImageKey(match[1] as string, Number(match[2])));
    if (!file) return notFound();
    return reply
      .header('content-type', 'image/webp')
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });
}

// POST /api/admin/offer-images: an admin uploads an offer picture (multipart field "image") and gets
// back the key to put on the offer. A plain HTTP route because tRPC carries JSON, not files.
import type { SessionUser } from '@damso/api';
import { ImageUploadError, MAX_IMAGE_BYTES, storeOfferImage } from '@damso/api/images';
import { can } from '@damso/validators';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readOneFile, UploadFormError, uploadLimits } from './upload.ts';

/** Cross-site requests are refused before this route by the server-wide check in ./session.ts. */
export interface OfferImageRouteOptions {
  uploadDir: string;
  /** The signed-in user behind the request's session cookie (the reply lets it clear a stale cookie). */
  resolveUser: (req: FastifyRequest, reply: FastifyReply) => Promise<SessionUser | null>;
}

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
      const { key } = await storeOfferImage(options.uploadDir, bytes);
      req.log.info({ key, userId: user.id }, 'offer image stored');
      return reply.code(201).send({ key });
    } catch (error) {
      if (error instanceof ImageUploadError) return reply.code(error.status).send({ message: error.message });
      throw error;
    }
  });
}

// The session behind a request's cookie, and the CSRF defence: a request that changes something
// (anything but GET/HEAD/OPTIONS) must come from this site, by Sec-Fetch-Site or else by Origin.
import type { Session } from '@damso/api';
import { clearSessionCookie, readSessionCookie, validateSessionToken } from '@damso/auth';
import type { Database } from '@damso/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export async function sessionFromRequest(
  db: Database,
  req: FastifyRequest,
  reply: FastifyReply,
  { now, secure }: { now: Date; secure: boolean },
): Promise<Session | null> {
  const token = readSessionCookie(req.headers.cookie);
  if (!token) return null;
  const session = await validateSessionToken(db, token, now);
  // An expired or ended session's cookie is removed, so the browser stops sending it.
  if (!session) reply.header('set-cookie', clearSessionCookie({ secure }));
  return session;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the browser says the request comes from our own pages. */
export function isSameSiteRequest(req: FastifyRequest, publicOrigin: string): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite === 'same-origin';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  return origin === publicOrigin || origin === `${req.protocol}://${req.host}`;
}

export function registerSameSiteCheck(app: FastifyInstance, { publicUrl }: { publicUrl: string }): void {
  const publicOrigin = new URL(publicUrl).origin;
  app.addHook('onRequest', async (req, reply) => {
    if (isSameSiteRequest(req, publicOrigin)) return;
    req.log.warn({ origin: req.headers.origin, site: req.headers['sec-fetch-site'] }, 'cross-site request refused');
    return reply.code(403).send({
      error: 'Forbidden',
      message: 'This request did not come from the shop’s own pages, so it was refused.',
    });
  });
}

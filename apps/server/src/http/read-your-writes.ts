// Read-your-writes with a read replica. After a browser's write succeeds (a tRPC mutation, an upload)
// the answer sets a short-lived cookie, and while the browser sends it back its stale-tolerant reads
// come from the primary: an admin who changes a price sees the new price at once, wherever the
// replica is. A cookie, not memory, because behind a proxy the next request may reach another app
// process. It holds only the time it ends; a browser that forges one merely reads from the primary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const FRESH_COOKIE = 'damso_fresh';

export interface ReadYourWrites {
  /** True while the request's browser wrote less than REPLICA_STICKY_SECONDS ago. */
  fresh(req: FastifyRequest): boolean;
  /** The reply's browser has just written (sets the cookie once per reply). */
  wrote(reply: FastifyReply): void;
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Also marks every POST under /api/ that succeeded (the upload routes) as a write. */
export function registerReadYourWrites(
  app: FastifyInstance,
  { stickySeconds, secure, clock }: { stickySeconds: number; secure: boolean; clock: () => Date },
): ReadYourWrites {
  const marked = new WeakSet<FastifyReply>();
  const rw: ReadYourWrites = {
    fresh(req) {
      const until = Number(cookieValue(req.headers.cookie, FRESH_COOKIE));
      return Number.isFinite(until) && until > clock().getTime();
    },
    wrote(reply) {
      if (stickySeconds === 0 || marked.has(reply)) return;
      marked.add(reply);
      const until = clock().getTime() + stickySeconds * 1000;
      // Same attributes as the session cookie; Max-Age lets the browser drop it, the value lets the
      // server ignore it whatever the browser does.
      const attributes = ['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${stickySeconds}`];
      reply.header('set-cookie', [`${FRESH_COOKIE}=${until}`, ...attributes, ...(secure ? ['Secure'] : [])].join('; '));
    },
  };
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'POST' && req.url.startsWith('/api/') && reply.statusCode < 300) rw.wrote(reply);
    return payload;
  });
  return rw;
}

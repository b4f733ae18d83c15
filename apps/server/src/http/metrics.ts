// GET /metrics for Prometheus, behind a bearer token, and the hook that times every request.
// A token rather than a second port: one port is what the proxy, the health check and the compose
// file already know, and a scraper on the private network presents the token; the proxy also refuses
// /metrics from the internet (infra/Caddyfile), so a leaked token alone does not open it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { appRouter } from '@damso/api';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

const TRPC_ROUTE = '/trpc/:path';

export function registerMetrics(app: FastifyInstance, { metrics, token }: { metrics: Metrics; token: string }) {
  // Only the router's own paths become label values: a client inventing paths cannot add series.
  const known = new Set(Object.keys(appRouter._def.procedures));
  const expected = digest(`Bearer ${token}`);

  app.addHook('onResponse', async (req, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const route = req.routeOptions.url;
    if (route === TRPC_ROUTE) {
      const paths = String((req.params as { path?: string }).path ?? '').split(',');
      for (const path of paths) {
        metrics.observeProcedure(known.has(path) ? path : '(unknown)', reply.statusCode, paths.length > 1, seconds);
      }
      return;
    }
    // No route: the app shell for a page of the single-page app, or a 404.
    const label = route ?? (reply.statusCode < 400 ? '(app shell)' : '(no route)');
    metrics.observeRoute(req.method, label, reply.statusCode, seconds);
  });

  app.get('/metrics', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const given = req.headers.authorization;
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ statusCode: 401, error: 'Unauthorized', message: 'Send the metrics token as a bearer token.' });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** Hashing first gives timingSafeEqual two buffers of one length, whatever was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

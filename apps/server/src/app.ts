// Builds the HTTP host: tRPC at /trpc, health checks, uploaded images and the built web app.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AppContext,
  appRouter,
  ContextError,
  catalogCacheInDoubt,
  catalogReader,
  publicShopName,
} from '@damso/api';
import { type Database, pendingMigrations, type ReadReplica } from '@damso/db';
import { TRPC_MAX_BATCH_SIZE } from '@damso/validators';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { type ServerConfig, serverConfig } from './config.ts';
import type { Env } from './env.ts';
import { checkBatch, onProcedureError, registerErrorHandler, trpcResponseMeta } from './http/errors.ts';
import { registerMetrics } from './http/metrics.ts';
import { offerImageRoutes } from './http/offer-images.ts';
import { orderExportRoutes } from './http/order-export.ts';
import { registerReadYourWrites } from './http/read-your-writes.ts';
import { receiptRoutes } from './http/receipts.ts';
import { registerSameSiteCheck, sessionFromRequest } from './http/session.ts';
import { SHOP_NAMED_FILES, type ShopNamedFile, shopNamedFiles } from './http/shop-named-files.ts';
import { trpcRoutes } from './http/trpc-routes.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface AppOptions {
  env: Env;
  db: Database;
  /** Built once by main.ts and shared with the jobs; tests may leave it to be built from `env`. */
  config?: ServerConfig;
  clock?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Shared with the jobs by main.ts; served at /metrics only when METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** The read replica (DATABASE_REPLICA_URL) and its lag checks; without it the primary serves every read. */
  replica?: ReadReplica;
}

const YEAR = 'public, max-age=31536000, immutable';
const READY_TIMEOUT_MS = 2_000;

export async function buildApp({
  env,
  db,
  config: given,
  clock = () => new Date(),
  logger,
  metrics,
  replica,
}: AppOptions) {
  const app = Fastify({
    logger: logger ?? { level: env.LOG_LEVEL },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // Only the configured proxies may name the client (see env.ts): X-Forwarded-For is read from the
    // right, through trusted addresses only, so entries a client wrote itself are never believed.
    trustProxy: env.TRUST_PROXY,
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1_048_576,
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // HTTPS-only headers only when the public address is HTTPS: on http://localhost they would break the app.
  const https = env.PUBLIC_URL.startsWith('https://');
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:'],
        // The service worker (/sw.js, built from apps/web/src/pwa/) and the install manifest, from this origin only.
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    hsts: https,
  });
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  registerSameSiteCheck(app, { publicUrl: env.PUBLIC_URL });
  registerErrorHandler(app);
  if (env.METRICS_TOKEN) {
    registerMetrics(app, { metrics: metrics ?? createMetrics({ db, clock, replica }), token: env.METRICS_TOKEN });
  }
  const readYourWrites = replica
    ? registerReadYourWrites(app, { stickySeconds: env.REPLICA_STICKY_SECONDS, secure: https, clock })
    : null;
  if (replica) {
    const stop = replica.onChange(({ state, lagSeconds, error }, previous) => {
      const entry = { replica: { state, previous, lagSeconds, error } };
      if (state === 'ok') app.log.info(entry, 'read replica in use');
      else app.log.warn(entry, 'read replica not used: reads go to the primary');
    });
    app.addHook('onClose', async () => stop());
  }

  const { api: config } = given ?? serverConfig(env);

  await app.register(trpcRoutes, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: async ({ req, res, info }): Promise<AppContext> => {
        checkBatch(info);
        const requestId = String(req.id);
        let session: AppContext['session'];
        try {
          session = await sessionFromRequest(db, req, res, { now: clock(), secure: https });
        } catch (error) {
          throw new ContextError(requestId, error);
        }
        const justWrote = readYourWrites?.fresh(req) ?? false;
        return {
          db,
          readDb: replica && !justWrote ? replica.pick() : db,
          justWrote,
          ...(replica &&
            readYourWrites && {
              onWrite: () => readYourWrites.wrote(res),
              onReplicaError: (error: unknown) => {
                req.log.warn({ err: error }, 'read replica unreachable: read again from the primary');
                replica.failed(error);
              },
            }),
          config,
          clock,
          session,
          req: { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId },
          setCookie: (header) => {
            res.header('set-cookie', header);
          },
        };
      },
      responseMeta: trpcResponseMeta,
      onError: onProcedureError,
    } satisfies FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions'],
  });

  const resolveUser = async (req: FastifyRequest, reply: FastifyReply) =>
    (await sessionFromRequest(db, req, reply, { now: clock(), secure: https }))?.user ?? null;
  await app.register(offerImageRoutes, { storage: config.storage, resolveUser });
  await app.register(receiptRoutes, { db, config, clock, resolveUser });
  await app.register(orderExportRoutes, { db, clock, resolveUser });

  app.get('/healthz', async () => ({ status: 'ok' }));
  // The replica is reported, never a reason to fail: without it the primary serves every read.
  const replicaReport = () => {
    if (!replica) return {};
    const { state, lagSeconds } = replica.status();
    return { replica: { state, lagSeconds, servingReads: replica.pick() !== db } };
  };
  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      // A hung database must fail the probe quickly, not after the statement timeout.
      const pending = await Promise.race([
        sql`SELECT 1`.execute(db).then(() => pendingMigrations(db)),
        sleep(READY_TIMEOUT_MS, undefined, { ref: false }).then(() => Promise.reject(new Error('no answer'))),
      ]);
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending, ...replicaReport() });
      return { status: 'ready', ...replicaReport() };
    } catch {
      catalogCacheInDoubt();
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ status: 'database unreachable', ...replicaReport() });
    }
  });

  const indexFile = path.join(env.WEB_DIST, 'index.html');
  if (existsSync(indexFile)) {
    await app.register(fastifyStatic, {
      root: env.WEB_DIST,
      wildcard: false,
      index: false,
      cacheControl: false,
      // Sent below, with the shop's name in them.
      globIgnore: [...SHOP_NAMED_FILES],
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? YEAR : 'no-cache');
      },
    });
    const shopNamed = shopNamedFiles(env.WEB_DIST);
    const shopName = () => publicShopName(catalogReader(db, config.catalogCache ?? false), config);
    // The app shell is never cached (a new build must show at once); the others are revalidated.
    const sendNamed = async (reply: FastifyReply, file: ShopNamedFile) => {
      const body = shopNamed(file, await shopName());
      if (body === null) return reply.code(404).send({ error: 'Not Found', message: `No ${file} in this build` });
      return reply
        .header('cache-control', file === 'index.html' ? 'no-store' : 'no-cache')
        .type(file === 'manifest.webmanifest' ? 'application/manifest+json' : 'text/html; charset=utf-8')
        .send(body);
    };
    for (const file of SHOP_NAMED_FILES) app.get(`/${file}`, (_req, reply) => sendNamed(reply, file));
    const isKnownPage = pageMatcher(env.WEB_DIST);
    // Every other GET that wants a page gets the app shell, which renders the route (or its 404 page,
    // then with a 404 status, so a wrong address is not a "soft 404" for search engines).
    app.setNotFoundHandler(async (req, reply) => {
      const pathname = req.url.split('?')[0] ?? '';
      const isPage = !path.extname(pathname) && !pathname.startsWith('/trpc') && !pathname.startsWith('/uploads');
      if ((req.method === 'GET' || req.method === 'HEAD') && isPage) {
        if (!isKnownPage(pathname)) reply.code(404);
        return sendNamed(reply, 'index.html');
      }
      return reply.code(404).send({ error: 'Not Found', message: `No route for ${req.method} ${req.url}` });
    });
  } else {
    app.log.warn(`No web build at ${env.WEB_DIST}: run npm run build (npm start does it for you).`);
  }
  return app;
}

/**
 * Whether an address has a page, from the list the web build writes (apps/web/src/page-paths.ts).
 * A build without the list (an older one) treats every address as a page, as before.
 */
function pageMatcher(webDist: string): (pathname: string) => boolean {
  const file = path.join(webDist, '.vite', 'page-paths.json');
  if (!existsSync(file)) return () => true;
  const patterns = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map(
    (p) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')}/?$`),
  );
  return (pathname) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    return patterns.some((re) => re.test(decoded));
  };
}

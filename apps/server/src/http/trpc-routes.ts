// tRPC over HTTP at <prefix>/:path, in place of @trpc/server's Fastify plugin (fastifyTRPCPlugin). Everything goes through
// tRPC's own Fastify handler except the shop's most frequent requests, one query by GET or one
// mutation by POST with a JSON body (no batch, no stream): those call the procedure directly and build
// the same envelope with tRPC's own helpers (same status, headers, error shape and onError). tRPC's
// handler turns every request into a Fetch Request and Response with an AbortController and web
// streams; on the offer page that cost more than the query itself (npm run bench: 0.14× a bare
// node:http handler's throughput), and it was a fifth of the server's time in a checkout.
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import { isSharedAnswer, sharedBody } from '@damso/api';
import type { AnyTRPCRouter } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { TRPCRequestInfo } from '@trpc/server/http';
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  type TRPCError,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Options<TRouter extends AnyTRPCRouter> = FastifyTRPCPluginOptions<TRouter>['trpcOptions'];

// A request answered in a few milliseconds is never aborted midway; one signal serves them all.
const NEVER_ABORTED = new AbortController().signal;

/** Register with `{ prefix, trpcOptions }` like @trpc/server's fastifyTRPCPlugin (its parsers stay inside). */
export async function trpcRoutes<TRouter extends AnyTRPCRouter>(
  app: FastifyInstance,
  { trpcOptions }: { trpcOptions: Options<TRouter> },
): Promise<void> {
  // Bodies reach tRPC as text, as its own plugin arranges.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', {}, (_req, body, done) => done(null, body));

  app.all<{ Params: { path: string } }>('/:path', async (req, reply) => {
    const path = req.params.path;
    if ((req.method === 'GET' || req.method === 'POST') && (await answerSingle(trpcOptions, req, reply, path))) {
      return reply;
    }
    await fastifyRequestHandler({ ...trpcOptions, req, res: reply, path } as Parameters<
      typeof fastifyRequestHandler
    >[0]);
    return reply;
  });
}

/**
 * Answers one GET query or one POST mutation with a JSON body; false (nothing sent) for anything else,
 * which tRPC's handler then serves — with its own errors for a wrong method or unreadable input.
 */
async function answerSingle<TRouter extends AnyTRPCRouter>(
  opts: Options<TRouter>,
  req: FastifyRequest,
  reply: FastifyReply,
  rawPath: string,
): Promise<boolean> {
  const query = req.query as Record<string, string | undefined>;
  if (query.batch !== undefined || query.connectionParams !== undefined || rawPath.includes(',')) return false;
  if (req.headers['trpc-accept'] !== undefined) return false;
  const type = req.method === 'GET' ? 'query' : 'mutation';
  // A POST's body reaches here as text only when it was sent as JSON (trpcRoutes' parsers).
  const contentType = req.headers['content-type'] ?? '';
  if (type === 'mutation' && (typeof req.body !== 'string' || !contentType.startsWith('application/json'))) {
    return false;
  }
  const path = decodeURIComponent(rawPath);
  const router = opts.router;
  const procedure = await getProcedureAtPath(router, path);
  if (procedure?._def.type !== type) return false;
  const config = router._def._config;
  const raw = type === 'query' ? query.input : (req.body as string);
  let input: unknown;
  try {
    input = raw ? config.transformer.input.deserialize(JSON.parse(raw)) : undefined;
  } catch {
    return false;
  }
  const call = {
    batchIndex: 0,
    path,
    procedure,
    getRawInput: async () => input,
    result: () => input,
  };
  const info: TRPCRequestInfo = {
    isBatchCall: false,
    accept: null,
    calls: [call],
    type,
    connectionParams: null,
    signal: NEVER_ABORTED,
    url: null,
  };
  let ctx: Awaited<ReturnType<NonNullable<typeof opts.createContext>>> | undefined;
  try {
    ctx = await opts.createContext?.({ req, res: reply, info } as Parameters<
      NonNullable<typeof opts.createContext>
    >[0]);
  } catch {
    // tRPC's handler builds the context again and answers with its error.
    return false;
  }
  let body: { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };
  let errors: TRPCError[] = [];
  try {
    const data = await procedure({
      path,
      getRawInput: call.getRawInput,
      ctx,
      type,
      signal: NEVER_ABORTED,
      batchIndex: 0,
    });
    body = { result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    errors = [error];
    opts.onError?.({ error, path, input, ctx, type, req } as Parameters<NonNullable<typeof opts.onError>>[0]);
    body = { error: getErrorShape({ config, ctx, error, input, path, type }) };
  }
  const meta =
    opts.responseMeta?.({
      ctx,
      info,
      paths: [path],
      type,
      data: [body],
      errors,
      eagerGeneration: false,
    } as never) ?? {};
  reply.code(meta.status ?? getHTTPStatusCode([body] as never));
  reply.header('vary', 'trpc-accept, accept');
  reply.header('content-type', 'application/json');
  const headers = meta.headers instanceof Headers ? [...meta.headers] : Object.entries(meta.headers ?? {});
  for (const [name, value] of headers) if (value !== undefined) reply.header(name, value);
  // A Buffer, so Fastify sends the content type as tRPC does (no charset added).
  const wire = () => Buffer.from(JSON.stringify(transformTRPCResponse(config, body as never)));
  const data = 'result' in body ? body.result.data : undefined;
  if (!isSharedAnswer(data)) {
    await reply.send(wire());
    return true;
  }
  // A cached answer: its bytes, compressed as the compression plugin would, are made once (shared-answers.ts).
  const plain = sharedBody(data, 'identity', wire);
  const encoding = plain.length < COMPRESS_FROM_BYTES ? 'identity' : acceptedEncoding(req);
  if (encoding === 'identity') {
    await reply.send(plain);
    return true;
  }
  const packed = sharedBody(data, encoding, () =>
    encoding === 'br'
      ? brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
      : gzipSync(plain),
  );
  reply.header('vary', 'trpc-accept, accept, accept-encoding');
  reply.header('content-encoding', encoding);
  await reply.send(packed);
  return true;
}

/** The compression plugin's threshold (app.ts). */
const COMPRESS_FROM_BYTES = 1024;

/** brotli, else gzip, when the client accepts it (a q of 0 refuses); as @fastify/compress chooses. */
function acceptedEncoding(req: FastifyRequest): 'br' | 'gzip' | 'identity' {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string' || req.headers['x-no-compression'] !== undefined) return 'identity';
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br') || accepted.has('*')) return 'br';
  return accepted.has('gzip') ? 'gzip' : 'identity';
}

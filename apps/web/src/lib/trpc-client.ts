// The app's tRPC and react-query clients. Account calls (log in, codes) go one per request, as the
// server insists; the rest are batched up to the server's cap. A failure on our side (the API's
// 503, a proxy's 502-504, no answer) switches on the "we'll be right back" state and reaches the
// page with a readable message; queries retry it by themselves with backoff.
import type { AppRouter } from '@damso/api';
import { isUnbatchedPath, TRPC_MAX_BATCH_SIZE } from '@damso/validators';
import { QueryClient } from '@tanstack/react-query';
import { httpBatchLink, httpLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import superjson from 'superjson';
import { trpc } from './trpc.ts';
import { isServiceUnavailable, OUTAGE_MESSAGE } from './trpc-errors.ts';
import { outage } from './trpc-outage.ts';

/**
 * The error a page shows: the API's own 503 message, or ours for a proxy's 502-504 page, which has
 * no readable message. Without any answer the error stays as it is: the page knows best how to say
 * "check your connection".
 */
function readable(error: TRPCClientError<AppRouter>): TRPCClientError<AppRouter> {
  const data = error.data as { code?: string } | undefined;
  if (data?.code === 'SERVICE_UNAVAILABLE' || !error.meta?.response) return error;
  return new TRPCClientError(OUTAGE_MESSAGE, {
    cause: error,
    meta: error.meta,
    result: {
      error: {
        message: OUTAGE_MESSAGE,
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, zodError: null, reference: null },
      },
    },
  });
}

const outageLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    observable((observer) =>
      next(op).subscribe({
        next: (value) => observer.next(value),
        error: (error) => {
          if (!isServiceUnavailable(error)) return observer.error(error);
          outage.markDown();
          observer.error(readable(error));
        },
        complete: () => observer.complete(),
      }),
    );

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      outageLink,
      splitLink({
        // `skipBatch`: a request of its own, so it neither waits for nor holds up the others (startLanding).
        condition: (op) => isUnbatchedPath(op.path) || op.context.skipBatch === true,
        true: httpLink({ url: '/trpc', transformer: superjson }),
        false: httpBatchLink({ url: '/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH_SIZE }),
      }),
    ],
  });
}

/** Up to a minute and a half of tries, 1 s doubling to 15 s, with jitter so pages do not retry in step. */
const OUTAGE_RETRIES = 8;
const outageDelay = (attempt: number) => Math.min(1_000 * 2 ** attempt, 15_000) * (0.75 + Math.random() / 2);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => (isServiceUnavailable(error) ? failures < OUTAGE_RETRIES : failures < 1),
        retryDelay: (attempt, error) =>
          isServiceUnavailable(error) ? outageDelay(attempt) : Math.min(1_000 * 2 ** attempt, 30_000),
        refetchOnWindowFocus: false,
      },
      // A mutation is never replayed by itself: the form keeps its values and says what happened.
      mutations: { retry: false },
    },
  });
}

// Limits the server enforces on tRPC requests and the web client's links respect, kept in one place.

/** Calls one batched request may carry; the server refuses larger batches. */
export const TRPC_MAX_BATCH_SIZE = 10;

/**
 * Procedures under this router (log in, sign up, codes, resets) never share a request with another
 * call, so a batch cannot run many guesses for the price of one request.
 */
export const UNBATCHED_ROUTER = 'auth';

export function isUnbatchedPath(path: string): boolean {
  return path.startsWith(`${UNBATCHED_ROUTER}.`);
}

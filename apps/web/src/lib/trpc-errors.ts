import { TRPCClientError } from '@trpc/client';

/** The API's error code (`NOT_FOUND`, `CONFLICT`, …), when the error is the API's answer. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/** A query's retry rule where "not found" is final: asking again for a wrong address will not help. */
export function retryUnlessNotFound(failures: number, error: unknown): boolean {
  return !(error instanceof TRPCClientError && error.data?.code === 'NOT_FOUND') && failures < 1;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
}

/** Shown when the shop does not answer at all (server restarting, network down). */
export const OUTAGE_MESSAGE =
  'We’ll be right back: the shop is not answering for a moment. Nothing you typed is lost. Please try again in a few seconds.';

/**
 * True when the failure is on our side and passes by itself: the API's 503 (its database is down
 * or busy), a proxy's 502/503/504, or no answer at all. Such requests are worth retrying later.
 */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { code?: string; httpStatus?: number } | undefined;
  if (data?.code === 'SERVICE_UNAVAILABLE' || data?.httpStatus === 503) return true;
  const status = (error.meta?.response as Response | undefined)?.status;
  if (status !== undefined) return status === 502 || status === 503 || status === 504;
  // No response: fetch itself failed (a request the page aborted is not an outage).
  return !data && error.cause instanceof TypeError;
}

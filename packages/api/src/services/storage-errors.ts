// What a user is told while the file store (the folder or the bucket of offer images and receipts)
// cannot be reached: a 503 to retry, never the store's own error text, which goes to the log.
import type { StorageUnavailableError } from '@damso/storage';
import { TRPCError } from '@trpc/server';

export const STORAGE_WRITE_UNAVAILABLE_MESSAGE =
  'The shop cannot reach its file storage for a moment, so nothing was saved. Please try again in a few seconds.';
export const STORAGE_READ_UNAVAILABLE_MESSAGE =
  'The shop cannot reach its file storage for a moment. Please try again in a few seconds.';

/** For a procedure: SERVICE_UNAVAILABLE (503 with Retry-After), the store's error kept as the cause for the log. */
export function storageUnavailable(error: StorageUnavailableError): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: STORAGE_WRITE_UNAVAILABLE_MESSAGE, cause: error });
}

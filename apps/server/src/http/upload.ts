// Reads the single file of a multipart upload, for every upload route (offer images, receipts): one
// file in the named field, nothing truncated. What the bytes are is decided later by the services.
import type { FastifyRequest } from 'fastify';

export class UploadFormError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** Registration limits for @fastify/multipart: one file, a few small fields, nothing else. */
export function uploadLimits(maxBytes: number, fields = 0) {
  return { fileSize: maxBytes, files: 1, fields, parts: fields + 1, headerPairs: 50 };
}

export async function readOneFile(
  req: FastifyRequest,
  { field, maxBytes, what }: { field: string; maxBytes: number; what: string },
): Promise<{ bytes: Buffer; filename: string }> {
  const tooLarge = () =>
    new UploadFormError(
      `The ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Please upload a smaller file.`,
      413,
    );
  const oneFile = () => new UploadFormError(`Send one ${what} file in a form field named "${field}".`, 400);
  if (!req.isMultipart()) throw new UploadFormError(`Send the ${what} as multipart/form-data.`, 400);
  let found: { bytes: Buffer; filename: string } | null = null;
  try {
    // Every part is read to the end, so a second file or an over-long one is always noticed.
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (found || part.fieldname !== field) throw oneFile();
      const bytes = await part.toBuffer();
      // toBuffer checks the truncation flag after each chunk, and busboy can set it after the last one
      // was handed over: once the stream has ended the flag is final, so look again.
      if (part.file.truncated || bytes.length > maxBytes) throw tooLarge();
      found = { bytes, filename: part.filename };
    }
  } catch (error) {
    if (error instanceof UploadFormError) throw error;
    switch ((error as { code?: string }).code) {
      case 'FST_REQ_FILE_TOO_LARGE':
        throw tooLarge();
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        throw oneFile();
      default:
        throw new UploadFormError('The upload could not be read. Please try again.', 400);
    }
  }
  if (!found) throw new UploadFormError(`Choose a ${what} file to upload.`, 400);
  return found;
}

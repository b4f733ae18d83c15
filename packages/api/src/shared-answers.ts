// Answers that the catalog and statistics caches hand unchanged to many requests. Turning one into
// bytes (the superjson walk, JSON.stringify, brotli or gzip) cost more than finding it in the cache —
// the 12-month statistics took 1.7 ms of the server's CPU per request while two admins reloaded them,
// and the shop's pages waited behind that. The bytes of a shared answer are made once per encoding and
// kept beside it, for as long as the cache keeps the answer itself (a WeakMap: no second expiry).
// A shared answer is never changed after it is shared; that already held for the caches' readers.
const bodies = new WeakMap<object, Map<string, Buffer>>();

/** Marks `value` as an answer many requests receive unchanged. */
export function shareAnswer<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !bodies.has(value)) bodies.set(value, new Map());
  return value;
}

export function isSharedAnswer(value: unknown): boolean {
  return typeof value === 'object' && value !== null && bodies.has(value);
}

/** The wire bytes of a shared answer in `encoding`, made by `make` the first time; `make()` for others. */
export function sharedBody(value: unknown, encoding: string, make: () => Buffer): Buffer {
  const known = typeof value === 'object' && value !== null ? bodies.get(value) : undefined;
  if (!known) return make();
  let body = known.get(encoding);
  if (!body) {
    body = make();
    known.set(encoding, body);
  }
  return body;
}

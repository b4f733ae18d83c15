// What tRPC turns answers into on the wire. The format is superjson's ({ json, meta }), so the web
// app's superjson client reads it unchanged, but answers are written by a single walk that knows the
// only types our answers hold: plain objects, arrays, strings, numbers, booleans, null, undefined and
// Dates. superjson's own walk costs about a fifth of the server's time on a 20-row list (it tracks
// every object's identity and builds a path array per value); anything unusual (a Map, a BigInt, a
// class instance, a shared or circular object, NaN) goes to superjson itself, so nothing is lost.
// Inputs are small and still read by superjson.
import type { CombinedDataTransformer } from '@trpc/server';
import superjson from 'superjson';

type Annotations = Record<string, [string]>;

/** Thrown inside the walk when a value needs superjson's full treatment. */
const UNUSUAL = Symbol('unusual');

// superjson's path syntax: segments joined by '.', with '\' and '.' inside a key escaped.
const escapeKey = (key: string) => (/[.\\]/.test(key) ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function walk(value: unknown, path: string, values: Annotations, seen: Set<object>): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      throw UNUSUAL;
    case 'undefined':
      if (path === '') throw UNUSUAL;
      values[path] = ['undefined'];
      return null;
    case 'object':
      break;
    default:
      throw UNUSUAL;
  }
  const object = value as object;
  if (object instanceof Date) {
    if (Number.isNaN(object.getTime()) || path === '') throw UNUSUAL;
    values[path] = ['Date'];
    return object.toISOString();
  }
  // A shared object is a referential equality in superjson's format: left to superjson.
  if (seen.has(object)) throw UNUSUAL;
  seen.add(object);
  if (Array.isArray(object)) {
    const out = new Array(object.length);
    for (let i = 0; i < object.length; i += 1) out[i] = walk(object[i], join(path, String(i)), values, seen);
    return out;
  }
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw UNUSUAL;
    out[key] = walk((object as Record<string, unknown>)[key], join(path, escapeKey(key)), values, seen);
  }
  return out;
}

/** superjson.serialize's result for the answers we send, without its cost. */
export function serializeAnswer(value: unknown): ReturnType<typeof superjson.serialize> {
  const values: Annotations = {};
  let json: unknown;
  try {
    json = walk(value, '', values, new Set());
  } catch (error) {
    if (error === UNUSUAL) return superjson.serialize(value);
    throw error;
  }
  for (const _ in values) return { json, meta: { values, v: 1 } } as ReturnType<typeof superjson.serialize>;
  return { json } as ReturnType<typeof superjson.serialize>;
}

export const transformer = {
  input: superjson,
  output: { serialize: serializeAnswer, deserialize: superjson.deserialize },
} satisfies CombinedDataTransformer;

import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeAnswer } from './transformer.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

// Answers shaped like the ones the routers send, and the edge cases of superjson's format.
const samples: Record<string, unknown> = {
  'a list page': {
    orders: Array.from({ length: 3 }, (_, i) => ({
      number: `DS-${i}`,
      createdAt: at(i),
      paidAt: i === 1 ? null : at(i + 10),
      items: [{ title: 'Stream × 1', quantity: 1 }],
      note: undefined,
    })),
    total: 3,
    nextCursor: null,
  },
  'a date alone in an array': [at(1), 'x', 2, true, null],
  'keys with dots and backslashes': { 'a.b': at(2), 'c\\d': { 'e.f\\': at(3) } },
  'nothing to annotate': { a: 1, b: ['x', { c: false }], d: null },
  'an empty object': {},
  'a string': 'hello',
  'a number': 42,
  null: null,
};

// Values only superjson's full walk handles: they must come out exactly as superjson writes them.
const unusual: Record<string, unknown> = {
  'a shared object': (() => {
    const shared = { at: at(4) };
    return { first: shared, second: shared };
  })(),
  'a map and a set': { m: new Map([['k', at(5)]]), s: new Set([1, 2]) },
  'a bigint': { n: 10n },
  'NaN and minus zero': { nan: Number.NaN, zero: -0 },
  'a date at the root': at(6),
  'undefined at the root': undefined,
  'an invalid date': { d: new Date(Number.NaN) },
  'a class instance': { e: new Error('boom') },
};

describe('the answer transformer', () => {
  for (const [name, value] of Object.entries(samples)) {
    it(`writes ${name} exactly as superjson does`, () => {
      expect(serializeAnswer(value)).toEqual(superjson.serialize(value));
      expect(superjson.deserialize(JSON.parse(JSON.stringify(serializeAnswer(value))))).toEqual(value);
    });
  }
  for (const [name, value] of Object.entries(unusual)) {
    it(`hands ${name} to superjson`, () => {
      expect(serializeAnswer(value)).toEqual(superjson.serialize(value));
    });
  }
  it('refuses a prototype-polluting key like superjson', () => {
    const hostile = JSON.parse('{"__proto__": {"x": 1}}');
    expect(() => serializeAnswer(hostile)).toThrow(/prototype pollution/);
  });
});

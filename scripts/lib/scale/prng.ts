// A small seeded random source for the scale data: the same seed gives the same numbers on every
// machine and Node version (Math.random cannot be seeded). sfc32 passes PractRand and is fast in JS.

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 0) {
    this.#a = seed >>> 0;
    this.#b = (stream * 0x9e3779b9) >>> 0;
    this.#c = 0x6a09e667 ^ (seed >>> 0);
    this.#d = 1;
    // The first outputs of sfc32 still show the seed; these rounds mix it in.
    for (let i = 0; i < 15; i += 1) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** Lowercase hex of `length` characters (storage keys, fake receipts). */
  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }
}

/**
 * Draws indexes 0..n-1 where low indexes are far more likely (a power law, like sales in a shop):
 * index = floor(n * u^skew). Cheaper than a Zipf table and close enough for load.
 */
export function skewedIndex(rng: Rng, n: number, skew: number): number {
  return Math.min(n - 1, Math.floor(n * rng.next() ** skew));
}

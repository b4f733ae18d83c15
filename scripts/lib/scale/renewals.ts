// Clients who come back before their subscription ends: a delivered subscription is renewed by its
// owner with some probability, a few days before its end. Renewals wait in day buckets and take the
// next order slots once due, so most subscriptions are extended rather than started again.
import { DAY_MS } from './model.ts';

export interface Renewal {
  userId: number;
  offerIndex: number;
}

export class RenewalQueue {
  readonly #start: number;
  readonly #days: Renewal[][] = [];
  #first = 0;

  constructor(start: number) {
    this.#start = start;
  }

  add(due: number, renewal: Renewal): void {
    const day = Math.max(0, Math.floor((due - this.#start) / DAY_MS));
    const bucket = this.#days[day];
    if (bucket) bucket.push(renewal);
    else this.#days[day] = [renewal];
    if (day < this.#first) this.#first = day;
  }

  /** The oldest renewal due by time t, if any. */
  take(t: number): Renewal | undefined {
    const today = Math.floor((t - this.#start) / DAY_MS);
    for (; this.#first <= today && this.#first < this.#days.length; this.#first += 1) {
      const bucket = this.#days[this.#first];
      if (bucket?.length) return bucket.shift();
    }
    return undefined;
  }
}

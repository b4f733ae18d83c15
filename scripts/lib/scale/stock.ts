// Stock codes: the ones automatic delivery took (delivered, or revoked by a refund) and what is left
// on the shelf. Codes are encrypted and fingerprinted with the server's key, as the admin upload does,
// so the running shop can deliver and reveal them.
import type { Encryptor } from '@damso/auth';
import { type BulkWriter, put, type Row } from './bulk.ts';
import type { ScaleOffer } from './catalog.ts';
import { DAY_MS, type Plan } from './model.ts';
import { Rng } from './prng.ts';

export class Stock {
  readonly #writer: BulkWriter<'offer_stock_codes'>;
  readonly #encryptor: Encryptor;
  readonly #rng: Rng;
  #id = 0;
  #pending: Row<'offer_stock_codes'>[] = [];
  /** Codes left per offer id, written with the offers (low-stock flag). */
  readonly available = new Map<number, number>();

  constructor(plan: Plan, writer: BulkWriter<'offer_stock_codes'>, encryptor: Encryptor) {
    this.#writer = writer;
    this.#encryptor = encryptor;
    this.#rng = new Rng(plan.seed, 5);
  }

  encrypt(text: string): Buffer {
    return this.#encryptor.encrypt(text);
  }

  #code(offer: ScaleOffer): string {
    const prefix = offer.service
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 6)
      .toUpperCase();
    // The id makes every code unique, as the (offer, fingerprint) key requires.
    return `${prefix}-${this.#rng.hex(4).toUpperCase()}-${this.#rng.hex(4).toUpperCase()}-${this.#id.toString(36).toUpperCase()}`;
  }

  #row(offer: ScaleOffer, code: string, createdAt: number): Row<'offer_stock_codes'> {
    return {
      id: this.#id,
      offer_id: offer.id,
      code_ciphertext: this.#encryptor.encrypt(code),
      code_hash: this.#encryptor.fingerprint(code),
      status: 'available',
      order_item_id: null,
      delivered_at: null,
      created_at: new Date(createdAt),
    };
  }

  /** Takes `quantity` codes for an item; returns the delivered text (one code per line). */
  take(offer: ScaleOffer, quantity: number, itemId: number, at: number): string {
    const codes: string[] = [];
    for (let k = 0; k < quantity; k += 1) {
      this.#id += 1;
      const code = this.#code(offer);
      codes.push(code);
      const uploaded = Math.max(offer.createdAt, at - this.#rng.int(1, 20) * DAY_MS);
      this.#pending.push({
        ...this.#row(offer, code, uploaded),
        status: 'delivered',
        order_item_id: itemId,
        delivered_at: new Date(at),
      });
    }
    return codes.join('\n');
  }

  /** Writes the codes an order took; a refund revokes them for good (and forgets the code). */
  async flushOrder(refunded: boolean): Promise<void> {
    for (const row of this.#pending) {
      await put(this.#writer, refunded ? { ...row, status: 'revoked', code_ciphertext: Buffer.alloc(0) } : row);
    }
    this.#pending = [];
  }

  /** What is left on the shelf: a few dozen codes per automatic offer, some offers running low. */
  async shelf(offers: ScaleOffer[], now: Date, perOffer: number): Promise<void> {
    for (const offer of offers) {
      if (!offer.automatic) continue;
      const left = this.#rng.chance(0.1) ? this.#rng.int(0, 4) : this.#rng.int(0, perOffer * 2);
      this.available.set(offer.id, left);
      for (let k = 0; k < left; k += 1) {
        this.#id += 1;
        const uploaded = Math.max(offer.createdAt, now.getTime() - this.#rng.int(1, 60) * DAY_MS);
        await put(this.#writer, this.#row(offer, this.#code(offer), uploaded));
      }
    }
    await this.#writer.flush();
  }
}

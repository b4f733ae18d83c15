// What a refund takes back, inside the order's transaction: delivered codes revoked and erased, typed
// delivery details erased, the order's subscription time removed; and the sentence that tells the
// client and staff so. The items keep when they were delivered and revoked, for disputes, never the
// secret itself: a key that a client still uses after a refund can be checked against the stock
// code's fingerprint, which stays.
import { revokeStockCodes } from '../catalog/stock-codes.ts';
import type { Db } from '../shared/actor.ts';
import { DAY_MS } from '../subscriptions/subscriptions.ts';
import { removeSubscriptionTime, type SubscriptionChange } from '../subscriptions/time.ts';

export interface Revocation {
  /** Stock codes revoked. */
  keys: number;
  /** Items delivered with typed details (no stock code) whose details were erased. */
  details: number;
  subscriptions: SubscriptionChange[];
}

export async function revokeDeliveries(trx: Db, now: Date, orderId: number): Promise<Revocation> {
  const items = await trx
    .selectFrom('order_items')
    .select('id')
    .where('order_id', '=', orderId)
    .where('delivered_at', 'is not', null)
    .where('revoked_at', 'is', null)
    .execute();
  const ids = items.map((i) => i.id);
  if (ids.length === 0) return { keys: 0, details: 0, subscriptions: [] };
  const codes = await revokeStockCodes(trx, ids);
  await trx
    .updateTable('order_items')
    .set({ delivery_ciphertext: null, revoked_at: now })
    .where('id', 'in', ids)
    .execute();
  return {
    keys: [...codes.values()].reduce((a, b) => a + b, 0),
    details: ids.filter((id) => !codes.has(id)).length,
    subscriptions: await removeSubscriptionTime(trx, now, ids),
  };
}

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** The same wording of a time as the subscription reminder emails. */
export const formatUtc = (d: Date) => d.toUTCString().replace(/:\d\d GMT$/, ' UTC');
const MAX_DETAIL = 500;

/** One line for the timeline and the client's email, e.g. "Refunded: 1 licence key revoked, …". */
export function describeRevocation(r: Revocation): string {
  const parts: string[] = [];
  if (r.keys > 0) parts.push(`${counted(r.keys, 'licence key')} revoked`);
  if (r.details > 0) parts.push(`delivery details of ${counted(r.details, 'item')} revoked`);
  for (const s of r.subscriptions) {
    if (s.ended || !s.endsAfter) {
      parts.push(s.ended ? `${s.title} subscription ended` : `${s.title} subscription changed`);
      continue;
    }
    const days = s.endsBefore ? Math.round((s.endsBefore.getTime() - s.endsAfter.getTime()) / DAY_MS) : 0;
    parts.push(
      days > 0
        ? `${counted(days, 'day')} removed from ${s.title} (now ends ${formatUtc(s.endsAfter)})`
        : // The refunded time had already been used up before a later renewal began.
          `no days left to remove from ${s.title} (still ends ${formatUtc(s.endsAfter)})`,
    );
  }
  const text = `Refunded: ${parts.length > 0 ? parts.join(', ') : 'nothing had been delivered yet'}.`;
  return text.length <= MAX_DETAIL ? text : `${text.slice(0, MAX_DETAIL - 1)}…`;
}

// The payment step behind one small interface: today bank transfer with an uploaded receipt; a card
// provider would add a method whose `start` returns a redirect and whose webhook approves the order.
import type { Db } from '../orders/common.ts';

export interface PaymentMethod {
  id: string;
  label: string;
  /** What the order page shows the client so they can pay. */
  instructions(db: Db): Promise<string>;
  /** Whether the client proves payment by uploading a receipt that staff review. */
  needsReceipt: boolean;
}

const DEFAULT_INSTRUCTIONS =
  'Pay by bank transfer and put your order number in the reference, then upload your receipt on this page.';

export const transferPayment: PaymentMethod = {
  id: 'transfer',
  label: 'Bank transfer',
  needsReceipt: true,
  async instructions(db) {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', 'payment_instructions')
      .executeTakeFirst();
    return row?.value ?? DEFAULT_INSTRUCTIONS;
  },
};

const METHODS: Record<string, PaymentMethod> = { transfer: transferPayment };

export function paymentMethod(id: string): PaymentMethod {
  return METHODS[id] ?? transferPayment;
}

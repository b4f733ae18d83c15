// The payment step behind one small interface: today bank transfer with an uploaded receipt; a card
// provider would add a method whose `start` returns a redirect and whose webhook approves the order.
import type { Database } from '@damso/db';
import { changeSetting, readSetting } from '../admin/settings.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';

export interface PaymentMethod {
  id: string;
  label: string;
  /** What the order page shows the client so they can pay. */
  instructions(db: Db): Promise<string>;
  /** Whether the client proves payment by uploading a receipt that staff review. */
  needsReceipt: boolean;
}

const INSTRUCTIONS_SETTING = 'payment_instructions';
const DEFAULT_INSTRUCTIONS =
  'Pay by bank transfer and put your order number in the reference, then upload your receipt on this page.';

export const transferPayment: PaymentMethod = {
  id: 'transfer',
  label: 'Bank transfer',
  needsReceipt: true,
  async instructions(db) {
    return (await readSetting(db, INSTRUCTIONS_SETTING)) ?? DEFAULT_INSTRUCTIONS;
  },
};

/** The transfer instructions for the admin's form. */
export async function paymentInstructions(db: Db) {
  return { text: await transferPayment.instructions(db) };
}

export async function setPaymentInstructions(db: Database, actor: UserActor, input: { text: string }, deps: Deps) {
  const change = {
    name: INSTRUCTIONS_SETTING,
    read: (trx: Db) => transferPayment.instructions(trx),
    value: input.text,
    describe: (text: string) => ({ text }),
  };
  await changeSetting(db, actor, change, deps);
  return { text: input.text };
}

const METHODS: Record<string, PaymentMethod> = { transfer: transferPayment };

export function paymentMethod(id: string): PaymentMethod {
  return METHODS[id] ?? transferPayment;
}

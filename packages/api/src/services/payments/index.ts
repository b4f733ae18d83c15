// The payment step behind one small interface: today bank transfer with an uploaded receipt; a card
// provider would add a method whose `start` returns a redirect and whose webhook approves the order.
import { formatIban } from '@damso/validators';
import { readShopSettings, type ShopSettings } from '../admin/shop-settings.ts';
import type { Db } from '../shared/actor.ts';

export interface PaymentMethod {
  id: string;
  label: string;
  /** What the order page shows the client so they can pay. */
  instructions(db: Db): Promise<string>;
  /** Whether the client proves payment by uploading a receipt that staff review. */
  needsReceipt: boolean;
}

export const transferPayment: PaymentMethod = {
  id: 'transfer',
  label: 'Bank transfer',
  needsReceipt: true,
  // The admin's text from the settings page (services/admin/shop-settings.ts), or the default.
  async instructions(db) {
    return (await readShopSettings(db)).paymentInstructions;
  },
};

/**
 * The IBAN written in the admin's free-text instructions ("IBAN GB00 DEMO 0000…"), so the order page
 * can offer to copy it; null when the text names none. Grouping spaces are dropped for pasting.
 */
export function ibanIn(text: string): string | null {
  const match = /\bIBAN:?\s+([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?\d{1,3})?)\b/.exec(text);
  return match?.[1] ? match[1].replaceAll(' ', '') : null;
}

/**
 * The order email's payment lines, from the same settings the order page and the unpaid-orders job
 * read: the instructions, the account to pay into (once the admin has given one) and the deadline.
 */
export function transferParagraphs(s: ShopSettings): string[] {
  const lines = [s.paymentInstructions];
  if (s.bankIban) {
    const bic = s.bankBic ? `, BIC ${s.bankBic}` : '';
    lines.push(`Account holder: ${s.bankAccountHolder}, IBAN ${formatIban(s.bankIban)}${bic}.`);
  }
  lines.push(`An order not paid within ${s.unpaidOrderHours} hours is cancelled.`);
  return lines;
}

const METHODS: Record<string, PaymentMethod> = { transfer: transferPayment };

export function paymentMethod(id: string): PaymentMethod {
  return METHODS[id] ?? transferPayment;
}

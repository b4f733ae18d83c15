// The coupon form as the admin types it: a fixed amount and the minimum order in currency ("5.50"),
// turned into the cents couponFields (the API's input) stores. Percentages stay whole numbers.
import { z } from 'zod';
import { couponFields } from './orders.ts';

/** "5.50", "5,5" or "5" → 550; null when the text is not an amount with at most two decimals. */
export function moneyToCents(text: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 550 → "5.50": the text a money field starts with. */
export const centsToMoney = (cents: number) => (cents / 100).toFixed(2);

export const couponForm = z
  .object({
    ...couponFields.shape,
    amount: z.string().trim().min(1, 'Enter an amount.'),
    minOrderCents: z.string().trim(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'fixed' && moneyToCents(c.amount) === null) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter an amount like 5.50.' });
    }
    if (c.kind === 'percent' && !/^\d{1,3}$/.test(c.amount)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter a whole number of percent, like 10.' });
    }
    if (c.minOrderCents !== '' && moneyToCents(c.minOrderCents) === null) {
      ctx.addIssue({ code: 'custom', path: ['minOrderCents'], message: 'Enter an amount like 20.00, or leave empty.' });
    }
  })
  .transform(
    (c): z.input<typeof couponFields> => ({
      ...c,
      amount: c.kind === 'fixed' ? (moneyToCents(c.amount) ?? 0) : Number(c.amount),
      minOrderCents: c.minOrderCents === '' ? 0 : (moneyToCents(c.minOrderCents) ?? 0),
    }),
  )
  .pipe(couponFields);
export type CouponFormInput = z.input<typeof couponForm>;

/** A stored coupon as the form shows it: cents back to currency text. */
export function couponFormValues(c: { kind: 'percent' | 'fixed'; amount: number; minOrderCents: number }) {
  return {
    amount: c.kind === 'fixed' ? centsToMoney(c.amount) : String(c.amount),
    minOrderCents: c.minOrderCents > 0 ? centsToMoney(c.minOrderCents) : '',
  };
}

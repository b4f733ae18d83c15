// The coupon form's money text: typed in currency, sent in cents, shown back in currency.
import { describe, expect, it } from 'vitest';
import { couponForm, couponFormValues, moneyToCents } from './coupon-form.ts';

const base = { code: 'SAVE5', kind: 'fixed' as const, amount: '5.50', minOrderCents: '', isActive: true };
const fieldsOf = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('coupon form money', () => {
  it('turns currency text into cents and back', () => {
    expect(['5', '5.5', '5,50', '0.05', '12.34'].map(moneyToCents)).toEqual([500, 550, 550, 5, 1234]);
    expect(['', '5.555', '-1', 'abc', '1e3'].map(moneyToCents)).toEqual([null, null, null, null, null]);
    expect(couponForm.parse({ ...base, minOrderCents: '20' })).toMatchObject({ amount: 550, minOrderCents: 2000 });
    expect(couponFormValues({ kind: 'fixed', amount: 550, minOrderCents: 2000 })).toEqual({
      amount: '5.50',
      minOrderCents: '20.00',
    });
  });

  it('keeps percentages whole and says what is wrong at the field', () => {
    expect(couponForm.parse({ ...base, kind: 'percent', amount: '15' })).toMatchObject({
      amount: 15,
      minOrderCents: 0,
    });
    expect(couponFormValues({ kind: 'percent', amount: 15, minOrderCents: 0 })).toEqual({
      amount: '15',
      minOrderCents: '',
    });
    expect(fieldsOf(couponForm.safeParse({ ...base, amount: '5.555', minOrderCents: 'ten' }))).toEqual({
      amount: 'Enter an amount like 5.50.',
      minOrderCents: 'Enter an amount like 20.00, or leave empty.',
    });
    expect(fieldsOf(couponForm.safeParse({ ...base, kind: 'percent', amount: '7.5' }))).toEqual({
      amount: 'Enter a whole number of percent, like 10.',
    });
    expect(fieldsOf(couponForm.safeParse({ ...base, kind: 'percent', amount: '120' }))).toEqual({
      amount: 'A percentage is at most 100.',
    });
  });
});

// A few coupons used on about one order in 25; their use counts come from the orders that kept them.
import type { Row } from './bulk.ts';
import { DAY_MS, type Plan } from './model.ts';

export interface Coupon {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  amount: number;
  minOrder: number;
  uses: number;
  discount(subtotal: number): number;
}

export function makeCoupons(): Coupon[] {
  const specs: Array<[string, 'percent' | 'fixed', number, number]> = [
    ['WELCOME10', 'percent', 10, 0],
    ['SPRING15', 'percent', 15, 2000],
    ['SUMMER20', 'percent', 20, 5000],
    ['BLACKFRIDAY30', 'percent', 30, 3000],
    ['SAVE5', 'fixed', 500, 2500],
    ['SAVE2', 'fixed', 200, 1000],
    ['STUDENT12', 'percent', 12, 0],
    ['FAMILY10', 'fixed', 1000, 6000],
  ];
  return specs.map(([code, kind, amount, minOrder], i) => ({
    id: i + 1,
    code,
    kind,
    amount,
    minOrder,
    uses: 0,
    discount: (subtotal: number) =>
      Math.min(subtotal, kind === 'percent' ? Math.floor((subtotal * amount) / 100) : amount),
  }));
}

export function couponRow(plan: Plan, c: Coupon): Row<'coupons'> {
  const created = new Date(plan.start - 10 * DAY_MS);
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    amount: c.amount,
    min_order_cents: c.minOrder,
    starts_at: created,
    ends_at: null,
    max_uses: null,
    max_uses_per_client: null,
    uses_count: c.uses,
    is_active: 1,
    created_at: created,
    updated_at: created,
  };
}

/**
 * What an order list shows of an order's items, as written on the order when it is placed
 * (`orders.items_summary`): the items never change afterwards, and reading them per row from
 * order_items was a third of a list's database time at 1M orders. Same JSON as the lists'
 * fallback for orders without it (listedOrders): `[{ "title", "quantity" }]` in item order.
 */
export function itemsSummary(items: ReadonlyArray<{ title: string; quantity: number }>): string {
  return JSON.stringify(items.map(({ title, quantity }) => ({ title, quantity })));
}

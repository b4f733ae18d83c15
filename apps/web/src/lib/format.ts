// A formatter and its currency's decimals, made once per locale and currency: building one (and
// resolvedOptions()) costs far more than formatting, and a page of offers formats dozens of prices.
const formatters = new Map<string, { fmt: Intl.NumberFormat; digits: number }>();

/**
 * Makes a currency formatter ahead of need: the first one a page builds loads the browser's number
 * data (about 40 ms on a phone), which would otherwise land in the render that first shows prices.
 */
export function prepareMoneyFormat(): void {
  formatMoney(0, 'USD');
}

/** Formats integer minor units in the store currency, e.g. 899 → "$8.99". */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}:${currency}`;
  let entry = formatters.get(key);
  if (!entry) {
    const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    entry = { fmt, digits: fmt.resolvedOptions().maximumFractionDigits ?? 2 };
    formatters.set(key, entry);
  }
  return entry.fmt.format(cents / 10 ** entry.digits);
}

/** A count the API stops at its cap (services/shared/list-paging.ts): "240", "1,000+". */
export function formatCount(total: number, capped: boolean): string {
  return `${total.toLocaleString('en')}${capped ? '+' : ''}`;
}

export function formatDuration(days: number | null): string {
  if (days === null) return 'Lifetime';
  if (days === 365) return '12 months';
  return `${days / 30} month${days > 30 ? 's' : ''}`;
}

export function offerImage(key: string | null) {
  if (!key) return null;
  return {
    src: `/uploads/offers/${key}-640.webp`,
    srcSet: `/uploads/offers/${key}-320.webp 320w, /uploads/offers/${key}-640.webp 640w`,
  };
}

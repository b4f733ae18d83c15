const formatters = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units in the store currency, e.g. 899 → "$8.99". */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}:${currency}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, fmt);
  }
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(cents / 10 ** digits);
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

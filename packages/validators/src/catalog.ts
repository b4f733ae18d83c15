import { z } from 'zod';
import { SEARCH_MAX, SEARCH_TOO_LONG, SORTS } from './catalog-constants.ts';

export const catalogSearchInput = z
  .object({
    q: z.string().trim().max(SEARCH_MAX, SEARCH_TOO_LONG).optional(),
    category: z.string().trim().max(80).optional(),
    minPrice: z.number().int().min(0).optional(),
    maxPrice: z.number().int().min(0).optional(),
    duration: z.enum(['30', '90', '365', 'lifetime']).optional(),
    sort: z.enum(SORTS).default('popular'),
    page: z.number().int().min(1).max(1000).default(1),
    pageSize: z.number().int().min(1).max(48).default(12),
    /** Where "Next" or "Previous" continues from (nextCursor/prevCursor of the page before). */
    cursor: z
      .string()
      .regex(/^~?[a-z]\.[ab](\.\d{1,15}){2,3}$/, 'This page link is no longer valid.')
      .optional(),
  })
  .refine((i) => i.minPrice === undefined || i.maxPrice === undefined || i.minPrice <= i.maxPrice, {
    message: 'The highest price is below the lowest.',
    path: ['maxPrice'],
  });
export type CatalogSearchInput = z.input<typeof catalogSearchInput>;

export const DURATION_CHOICES = ['30', '90', '365', 'lifetime'] as const;
export type DurationChoice = (typeof DURATION_CHOICES)[number];

export function durationToDays(choice: DurationChoice): number | null {
  return choice === 'lifetime' ? null : Number(choice);
}
export function daysToDuration(days: number | null): DurationChoice {
  return days === null ? 'lifetime' : (String(days) as DurationChoice);
}

/** A price typed by a person ("8.99", "12") turned into integer minor units. */
export const moneyText = z
  .string()
  .trim()
  .regex(/^\d{1,6}([.,]\d{1,2})?$/, 'Enter an amount like 8.99')
  .transform((text) => Math.round(Number(text.replace(',', '.')) * 100));

export function centsToText(cents: number | null): string {
  return cents === null ? '' : (cents / 100).toFixed(2);
}

export const IMAGE_KEY = /^[a-f0-9]{32}$/;

/** The admin offer form and admin.offers.create/update read the same rules. */
export const offerInput = z
  .object({
    title: z.string().trim().min(3, 'Title needs at least 3 characters').max(160, 'Title is at most 160 characters'),
    serviceName: z.string().trim().min(1, 'Service name is required').max(80, 'Service name is at most 80 characters'),
    categoryId: z.coerce.number({ error: 'Choose a category' }).int().positive('Choose a category'),
    description: z
      .string()
      .trim()
      .min(10, 'Description needs at least 10 characters')
      .max(5000, 'Description is at most 5000 characters'),
    duration: z.enum(DURATION_CHOICES, { error: 'Choose a duration' }),
    price: moneyText.refine((cents) => cents > 0, 'The price must be more than zero'),
    compareAt: z.union([z.literal('').transform(() => null), moneyText]),
    deliveryMode: z.enum(['manual', 'automatic']),
    isActive: z.boolean(),
    isFeatured: z.boolean(),
    lowStockThreshold: z.coerce.number().int('Use a whole number').min(0).max(10_000),
    imageKey: z.string().regex(IMAGE_KEY, 'Upload the image again').nullable(),
  })
  .refine((o) => o.compareAt === null || o.compareAt > o.price, {
    message: 'The compare-at price must be higher than the price',
    path: ['compareAt'],
    // Comparing is meaningless until both amounts parsed; their own messages say what is wrong.
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'price' || i.path?.[0] === 'compareAt'),
  });
export type OfferFormValues = z.input<typeof offerInput>;
export type OfferInput = z.output<typeof offerInput>;

export const offerIdInput = z.object({ id: z.number().int().positive() });
export const offerSlugInput = z.object({ slug: z.string().trim().min(1).max(160) });
export const offerUpdateInput = z.object({ id: z.number().int().positive(), offer: offerInput });
export const offerSetActiveInput = z.object({ id: z.number().int().positive(), active: z.boolean() });

/** The most rows one bulk action changes: a page of a list, in one transaction of bounded length. */
export const BULK_MAX = 100;
export const bulkIds = z
  .array(z.number().int().positive())
  .min(1, 'Select at least one row')
  .max(BULK_MAX, `Select at most ${BULK_MAX} rows at a time`)
  .transform((ids) => [...new Set(ids)]);
export const offerBulkActiveInput = z.object({ ids: bulkIds, active: z.boolean() });

export const ADMIN_OFFER_SORTS = ['updated', 'title', 'price', 'sold'] as const;
export type AdminOfferSort = (typeof ADMIN_OFFER_SORTS)[number];
/** Last updated and best sellers first; titles from A and prices from the lowest. */
export const defaultAdminOfferSortDir = (sort: AdminOfferSort) =>
  sort === 'updated' || sort === 'sold' ? 'desc' : 'asc';
export const adminOfferListInput = z.object({
  q: z.string().trim().max(100).optional(),
  categoryId: z.number().int().positive().optional(),
  state: z.enum(['all', 'active', 'inactive']).default('all'),
  /** `low`: the offers whose codes fell under their threshold (isLowStock) and were not restocked. */
  stock: z.enum(['all', 'low']).default('all'),
  page: z.number().int().min(1).max(1000).default(1),
  sort: z.enum(ADMIN_OFFER_SORTS, { error: 'Choose a sort from the list' }).default('updated'),
  dir: z.enum(['asc', 'desc'], { error: 'Sort ascending or descending' }).optional(),
});

export const STOCK_CODES_MAX_CHARS = 500_000;
export const stockCodesInput = z.object({
  offerId: z.number().int().positive(),
  text: z
    .string()
    .min(1, 'Paste at least one code')
    .max(STOCK_CODES_MAX_CHARS, 'Paste at most 500,000 characters at a time'),
});

export const categoryNameInput = z.object({
  name: z.string().trim().min(2, 'Name needs at least 2 characters').max(80, 'Name is at most 80 characters'),
});
export const categoryRenameInput = categoryNameInput.extend({ id: z.number().int().positive() });
export const categoryIdInput = z.object({ id: z.number().int().positive() });
export const categoryReorderInput = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(200),
});

/**
 * The low-stock rule, one place for the server (the alert) and the admin pages: an offer delivered
 * from stock is low once its available codes fall under its threshold (a threshold of 0 never alerts).
 */
export function isLowStock(available: number, threshold: number): boolean {
  return available < threshold;
}

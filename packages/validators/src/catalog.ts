import { z } from 'zod';

export const DURATIONS = [30, 90, 365] as const;
export const SORTS = ['popular', 'price_asc', 'price_desc', 'newest', 'rating'] as const;

export const catalogSearchInput = z.object({
  q: z.string().trim().max(100, 'Search text is at most 100 characters').optional(),
  category: z.string().trim().max(80).optional(),
  minPrice: z.number().int().min(0).optional(),
  maxPrice: z.number().int().min(0).optional(),
  duration: z.enum(['30', '90', '365', 'lifetime']).optional(),
  sort: z.enum(SORTS).default('popular'),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(1).max(48).default(12),
});
export type CatalogSearchInput = z.input<typeof catalogSearchInput>;

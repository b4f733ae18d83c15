import { z } from 'zod';
import { bulkIds } from './catalog.ts';

// Counted in characters as the database counts them (code points), so "👍" is one, not two.
export const commentBody = z
  .string()
  .trim()
  .refine((text) => [...text].length >= 2, 'Write at least 2 characters')
  .refine((text) => [...text].length <= 2000, 'Comments are at most 2000 characters');

export const ratingField = z
  .number()
  .int()
  .min(1, 'Ratings go from 1 to 5')
  .max(5, 'Ratings go from 1 to 5')
  .nullable();

/** The comment form and comments.create share these rules. */
export const commentFormInput = z.object({ body: commentBody, rating: ratingField });
export type CommentFormValues = z.input<typeof commentFormInput>;
export type CommentFormOutput = z.output<typeof commentFormInput>;

export const commentCreateInput = commentFormInput.extend({ offerId: z.number().int().positive() });
export const commentUpdateInput = commentFormInput.extend({ id: z.number().int().positive() });
export const commentReplyInput = z.object({ parentId: z.number().int().positive(), body: commentBody });
export const commentIdInput = z.object({ id: z.number().int().positive() });
export const commentListInput = z.object({
  offerId: z.number().int().positive(),
  page: z.number().int().min(1).max(1000).default(1),
});
export const commentQueueInput = z.object({
  tab: z.enum(['newest', 'reported', 'hidden']).default('newest'),
  page: z.number().int().min(1).max(1000).default(1),
});
export const commentSetHiddenInput = z.object({ id: z.number().int().positive(), hidden: z.boolean() });
export const commentBulkInput = z.object({ ids: bulkIds, action: z.enum(['hide', 'delete', 'dismiss']) });

export const COMMENTS_PAGE_SIZE = 20;
/** Posting limit per author, so one account cannot flood an offer's page. */
export const COMMENT_RATE = { max: 5, windowMs: 10 * 60_000 } as const;

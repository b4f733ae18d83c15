// The shop's content pages (terms, privacy, refunds, contact): one shape for the public read, the
// admin's form (live validation) and the API's save.
import { z } from 'zod';

export const CONTENT_PAGE_SLUGS = ['terms', 'privacy', 'refunds', 'contact'] as const;
export type ContentPageSlug = (typeof CONTENT_PAGE_SLUGS)[number];

export const CONTENT_TITLE_MAX = 120;
/** Fits the TEXT column with room for multi-byte characters, and far beyond any real page. */
export const CONTENT_BODY_MAX = 20_000;

export const contentPageSlugInput = z.object({
  slug: z.enum(CONTENT_PAGE_SLUGS, { error: 'There is no such page.' }),
});

export const contentPageInput = contentPageSlugInput.extend({
  title: z
    .string()
    .trim()
    .min(1, 'Enter the page title.')
    .max(CONTENT_TITLE_MAX, `The title is at most ${CONTENT_TITLE_MAX} characters.`),
  // Line ends are normalised so a browser's CRLF does not count as a change.
  body: z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'Write the page text.')
        .max(CONTENT_BODY_MAX, `The text is at most ${CONTENT_BODY_MAX.toLocaleString('en')} characters.`),
    ),
});
export type ContentPageInput = z.input<typeof contentPageInput>;
export type ContentPageValues = z.output<typeof contentPageInput>;

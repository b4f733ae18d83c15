// The shop's content pages, for everyone: terms, privacy, refunds and contact.
import { contentPageSlugInput } from '@damso/validators';
import { contentPage } from '../services/content/pages.ts';
import { publicProcedure, router } from '../trpc.ts';

export const contentRouter = router({
  page: publicProcedure.input(contentPageSlugInput).query(({ ctx, input }) => contentPage(ctx.db, input, ctx.deps)),
});

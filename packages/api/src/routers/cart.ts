import { cartAddInput, cartMergeInput, cartRemoveInput, cartSetQuantityInput } from '@damso/validators';
import { addToCart, clearCart, getCart, mergeCart, removeFromCart, setQuantity } from '../services/orders/cart.ts';
import { clientProcedure, router } from '../trpc.ts';

export const cartRouter = router({
  get: clientProcedure.query(({ ctx }) => getCart(ctx.db, ctx.actor)),
  add: clientProcedure.input(cartAddInput).mutation(({ ctx, input }) => addToCart(ctx.db, ctx.actor, input)),
  setQuantity: clientProcedure
    .input(cartSetQuantityInput)
    .mutation(({ ctx, input }) => setQuantity(ctx.db, ctx.actor, input)),
  remove: clientProcedure.input(cartRemoveInput).mutation(({ ctx, input }) => removeFromCart(ctx.db, ctx.actor, input)),
  clear: clientProcedure.mutation(({ ctx }) => clearCart(ctx.db, ctx.actor)),
  /** Called by the web app right after login with the visitor's browser cart. */
  merge: clientProcedure.input(cartMergeInput).mutation(({ ctx, input }) => mergeCart(ctx.db, ctx.actor, input)),
});

// The cart as the web app sees it: the server cart for a verified client, a browser cart for everyone
// else (merged into the server cart at login). Server changes are optimistic and rolled back on error.
import type { RouterOutputs } from '@damso/api';
import { MAX_QUANTITY } from '@damso/validators';
import { useCallback, useSyncExternalStore } from 'react';
import { useStore } from './session.tsx';
import { trpc } from './trpc.ts';

export type ServerCart = RouterOutputs['cart']['get'];
export interface LocalCartItem {
  offerId: number;
  quantity: number;
  title: string;
  serviceName: string;
  priceCents: number;
  /** For the cart line's link and picture; absent on items saved before they were kept. */
  slug?: string;
  imageKey?: string | null;
}
export interface CartOffer {
  id: number;
  title: string;
  serviceName: string;
  priceCents: number;
  slug?: string;
  imageKey?: string | null;
}

const KEY = 'damso.cart.v1';
const EVENT = 'damso-cart-change';
let cached: { raw: string | null; items: LocalCartItem[] } = { raw: null, items: [] };

function isItem(v: unknown): v is LocalCartItem {
  const i = v as LocalCartItem;
  return typeof i?.offerId === 'number' && typeof i.quantity === 'number' && typeof i.title === 'string';
}

export function readLocalCart(): LocalCartItem[] {
  const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  if (raw === cached.raw) return cached.items;
  let items: LocalCartItem[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    items = Array.isArray(parsed) ? parsed.filter(isItem) : [];
  } catch {
    items = [];
  }
  cached = { raw, items };
  return items;
}

export function writeLocalCart(items: LocalCartItem[]): void {
  if (items.length === 0) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, JSON.stringify(items));
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(onChange: () => void) {
  window.addEventListener(EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useLocalCart(): LocalCartItem[] {
  return useSyncExternalStore(subscribe, readLocalCart, () => []);
}

/** Whether this visitor's cart lives on the server (a verified client) or in the browser. */
export function useCartMode(): 'server' | 'local' {
  const { user } = useStore();
  return user?.emailVerified ? 'server' : 'local';
}

/** Recomputes counts and totals the way the server does, for an instant optimistic answer. */
export function withQuantity(cart: ServerCart, offerId: number, quantity: number | null): ServerCart {
  const items = cart.items
    .filter((i) => quantity !== null || i.offerId !== offerId)
    .map((i) =>
      i.offerId === offerId && quantity !== null ? { ...i, quantity, lineCents: i.priceCents * quantity } : i,
    );
  const buyable = items.filter((i) => i.isActive);
  return {
    ...cart,
    items,
    count: buyable.reduce((n, i) => n + i.quantity, 0),
    subtotalCents: buyable.reduce((n, i) => n + i.lineCents, 0),
  };
}

/** The server cart's mutations, each updating the cache first and restoring it if the server refuses. */
export function useServerCartActions() {
  const utils = trpc.useUtils();
  const optimistic = (change: (cart: ServerCart, input: { offerId: number; quantity?: number }) => ServerCart) => ({
    onMutate: async (input: { offerId: number; quantity?: number }) => {
      await utils.cart.get.cancel();
      const previous = utils.cart.get.getData();
      if (previous) utils.cart.get.setData(undefined, change(previous, input));
      return { previous };
    },
    onError: (_error: unknown, _input: unknown, context: { previous?: ServerCart } | undefined) => {
      if (context?.previous) utils.cart.get.setData(undefined, context.previous);
    },
    // A read started during the change may answer after it with the old cart: drop it first.
    onSuccess: async (data: ServerCart) => {
      await utils.cart.get.cancel();
      utils.cart.get.setData(undefined, data);
    },
    // After a refusal the cart may have changed elsewhere (another tab, a deactivated offer): resync.
    onSettled: (_data: unknown, error: unknown) => (error ? utils.cart.get.invalidate() : undefined),
  });
  const setQuantity = trpc.cart.setQuantity.useMutation(
    optimistic((cart, i) => withQuantity(cart, i.offerId, i.quantity ?? 1)),
  );
  const remove = trpc.cart.remove.useMutation(optimistic((cart, i) => withQuantity(cart, i.offerId, null)));
  const add = trpc.cart.add.useMutation(
    optimistic((cart, i) => {
      const existing = cart.items.find((x) => x.offerId === i.offerId);
      if (!existing) return { ...cart, count: cart.count + (i.quantity ?? 1) };
      return withQuantity(cart, i.offerId, Math.min(MAX_QUANTITY, existing.quantity + (i.quantity ?? 1)));
    }),
  );
  return { setQuantity, remove, add };
}

/** "Add to cart" for any page: the server cart when signed in and verified, the browser cart otherwise. */
export function useAddToCart() {
  const mode = useCartMode();
  const { add } = useServerCartActions();
  const addToCart = useCallback(
    (offer: CartOffer, quantity = 1) => {
      if (mode === 'server') return add.mutateAsync({ offerId: offer.id, quantity }).then(() => undefined);
      const items = readLocalCart();
      const found = items.find((i) => i.offerId === offer.id);
      const next = found
        ? items.map((i) =>
            i.offerId === offer.id ? { ...i, quantity: Math.min(MAX_QUANTITY, i.quantity + quantity) } : i,
          )
        : [
            ...items,
            {
              offerId: offer.id,
              quantity,
              title: offer.title,
              serviceName: offer.serviceName,
              priceCents: offer.priceCents,
              slug: offer.slug,
              imageKey: offer.imageKey,
            },
          ];
      writeLocalCart(next);
      return Promise.resolve();
    },
    [mode, add],
  );
  return { addToCart, isPending: add.isPending, error: add.error };
}

// The header's cart badge and notification bell, and the merge of a visitor cart after login.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { readLocalCart, useCartMode, useLocalCart, writeLocalCart } from '../../lib/cart.ts';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { BellIcon, CartIcon } from '../icons.tsx';
import { usePopupDismiss } from '../use-menu-dismiss.ts';

function CartBadge() {
  const mode = useCartMode();
  const local = useLocalCart();
  const server = trpc.cart.get.useQuery(undefined, { enabled: mode === 'server', staleTime: 30_000 });
  const merge = trpc.cart.merge.useMutation();
  const utils = trpc.useUtils();
  const merging = useRef(false);

  // Right after login the browser cart moves into the server cart, once. The browser copy is cleared
  // before the request so a second render or tab cannot merge it twice; a failure puts it back.
  useEffect(() => {
    const items = readLocalCart();
    if (mode !== 'server' || items.length === 0 || merging.current) return;
    merging.current = true;
    writeLocalCart([]);
    merge.mutate(
      { items: items.map((i) => ({ offerId: i.offerId, quantity: i.quantity })) },
      {
        // A cart read still in flight was taken before the merge and would overwrite it: drop it.
        onSuccess: async (cart) => {
          await utils.cart.get.cancel();
          utils.cart.get.setData(undefined, cart);
        },
        onError: () => writeLocalCart([...items, ...readLocalCart()]),
        onSettled: () => {
          merging.current = false;
        },
      },
    );
  }, [mode, merge, utils]);

  const count = mode === 'server' ? (server.data?.count ?? 0) : local.reduce((n, i) => n + i.quantity, 0);
  return (
    <Link to="/cart" className="cart-badge" aria-label={`Cart, ${count} item${count === 1 ? '' : 's'}`}>
      <CartIcon />
      {count > 0 && (
        <span className="cart-badge__count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}

function Bell() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Polling every 30 s is enough for order news; the query reads one index.
  const list = trpc.notifications.list.useQuery(undefined, { refetchInterval: 30_000 });
  const utils = trpc.useUtils();
  const markRead = trpc.notifications.markRead.useMutation({ onSuccess: () => utils.notifications.list.invalidate() });
  const unread = list.data?.unread ?? 0;
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);
  usePopupDismiss(box, open, close);
  return (
    <div className="bell" ref={box}>
      <button
        ref={button}
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications, ${unread} unread`}
        onClick={() => setOpen((v) => !v)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="cart-badge__count" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} className="bell__panel">
          <div className="bell__head">
            <strong>Notifications</strong>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={() => markRead.mutate({})}>
                Mark all read
              </button>
            )}
          </div>
          {list.data?.items.length ? (
            <ul>
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? undefined : 'unread'}>
                  <Link
                    to={n.link ?? '/orders'}
                    onClick={() => {
                      setOpen(false);
                      if (!n.readAt) markRead.mutate({ ids: [n.id] });
                    }}
                  >
                    {n.title}
                  </Link>
                  <time dateTime={n.createdAt.toISOString()}>{n.createdAt.toLocaleString()}</time>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing new.</p>
          )}
        </div>
      )}
    </div>
  );
}

export function OrderHeaderItems() {
  const { user } = useStore();
  return (
    <div className="header-items">
      {user && (
        <Link to="/orders" className="header-link">
          My orders
        </Link>
      )}
      {user && <Bell />}
      <CartBadge />
    </div>
  );
}

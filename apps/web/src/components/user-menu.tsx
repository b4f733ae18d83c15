// The header's account corner: log in / sign up for visitors; for a signed-in user, a menu with the
// profile, log out and log out everywhere, and a reminder to confirm the email address.
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { useStore } from '../lib/session.tsx';
import { trpc } from '../lib/trpc.ts';
import { closeMenu, useMenuDismiss } from './use-menu-dismiss.ts';

export function UserMenu() {
  const { user } = useStore();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => closeMenu(menu.current);
  useMenuDismiss(menu);
  const after = () => {
    close();
    // Signed out at once: the header shows "Log in" now, and nothing waits on the old user's queries
    // (refetching them would only answer 401, and a late navigation could undo the next click).
    utils.system.bootstrap.setData(undefined, (old) => old && { ...old, user: null });
    navigate('/');
    // Everything cached was the old user's: stale now, fetched again only when a page needs it.
    void utils.invalidate(undefined, { refetchType: 'none' });
    void utils.system.bootstrap.invalidate();
  };
  const logOut = trpc.auth.logOut.useMutation({ onSuccess: after });
  const everywhere = trpc.auth.logOutEverywhere.useMutation({ onSuccess: after });

  if (!user) {
    return (
      <div className="user-links">
        <Link to="/login">Log in</Link>
        <Link to="/signup" className="button">
          Sign up
        </Link>
      </div>
    );
  }
  return (
    <div className="user-links">
      {!user.emailVerified ? (
        <Link to="/verify-email" className="verify-link">
          Confirm your email
        </Link>
      ) : null}
      <details className="user-menu" ref={menu}>
        <summary>
          <span className="user-menu__name">{user.fullName}</span>
        </summary>
        <div className="user-menu__panel">
          <p className="user-menu__email">{user.email}</p>
          <Link to="/account" onClick={close}>
            Profile and security
          </Link>
          <Link to="/subscriptions" onClick={close}>
            My subscriptions
          </Link>
          <button type="button" onClick={() => logOut.mutate()} disabled={logOut.isPending}>
            Log out
          </button>
          <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
            Log out everywhere
          </button>
        </div>
      </details>
    </div>
  );
}

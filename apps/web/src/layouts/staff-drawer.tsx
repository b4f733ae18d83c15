// The staff menu on a phone: a "Menu" button in the header opens it as a modal <dialog> sliding in
// from the left. The native dialog keeps focus inside while open and closes on Escape; a click on the
// backdrop or a navigation closes it too, and focus goes back to the button.
import { areasFor } from '@damso/validators';
import { type ReactNode, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useStore } from '../lib/session.tsx';
import '../styles/staff-drawer.css';

/** Below this width the side menu would push the page below the fold, so it becomes a drawer. */
const NARROW = '(max-width: 719.98px)';

function subscribe(onChange: () => void) {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW).matches);
}

export function StaffDrawer({ title, area, children }: { title: string; area: 'desk' | 'admin'; children: ReactNode }) {
  const { user } = useStore();
  const areas = areasFor(user?.permissions ?? []);
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const id = useId();
  const { pathname, search } = useLocation();
  const at = useRef(`${pathname}${search}`);

  // A link followed inside the drawer (or the back button) lands on a page the drawer would hide.
  useEffect(() => {
    const here = `${pathname}${search}`;
    if (at.current === here) return;
    at.current = here;
    dialog.current?.close();
  }, [pathname, search]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          dialog.current?.showModal();
          setOpen(true);
        }}
      >
        Menu
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is a pointer shortcut; Escape and the Close button serve keyboards. */}
      <dialog
        ref={dialog}
        id={id}
        className="drawer"
        aria-label={`${title} menu`}
        onClose={() => {
          setOpen(false);
          button.current?.focus();
        }}
        // The panel fills the dialog, so a click whose target is the dialog itself fell on the backdrop.
        onClick={(event) => {
          if (event.target === event.currentTarget) dialog.current?.close();
        }}
      >
        <div className="drawer__panel">
          <button type="button" className="drawer__close" onClick={() => dialog.current?.close()}>
            Close menu
          </button>
          {children}
          <nav aria-label="Areas" className="drawer__areas">
            <ul>
              {areas.map((a) => (
                <li key={a.id}>
                  <NavLink to={a.path} end={a.id === 'shop'} className={a.id === area ? 'active' : undefined}>
                    {a.label}
                  </NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/orders" end>
                  My orders
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </dialog>
    </>
  );
}

// A native <details> menu stays open until its summary is toggled; a menu should also close on Escape
// (focus back on its summary, so a keyboard user is where they were) and on a click elsewhere.
import { type RefObject, useEffect } from 'react';

/** Closes the <details> menu; with `refocus`, focus goes back to its summary. */
export function closeMenu(menu: HTMLDetailsElement | null, refocus = false) {
  if (!menu?.open) return;
  menu.removeAttribute('open');
  if (refocus) menu.querySelector('summary')?.focus();
}

export function useMenuDismiss(menu: RefObject<HTMLDetailsElement | null>) {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) closeMenu(menu.current);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeMenu(menu.current, true);
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [menu]);
}

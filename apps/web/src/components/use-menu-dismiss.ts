// A header popup (the search field on a phone, the categories, the account menu, the notifications)
// closes on Escape (focus back on the button that opened it, so a keyboard user is where they were)
// and on a click elsewhere, so on a phone two never cover each other.
import { type RefObject, useCallback, useEffect } from 'react';

/** While `open`, a click outside `box` calls `close(false)` and Escape calls `close(true)` (refocus). */
export function usePopupDismiss(
  box: RefObject<HTMLElement | null>,
  open: boolean,
  close: (refocus: boolean) => void,
): void {
  useEffect(() => {
    if (!open) return;
    const onClick = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) close(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true);
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [box, open, close]);
}

/** Closes the <details> menu; with `refocus`, focus goes back to its summary. */
export function closeMenu(menu: HTMLDetailsElement | null, refocus = false) {
  if (!menu?.open) return;
  menu.removeAttribute('open');
  if (refocus) menu.querySelector('summary')?.focus();
}

/** A native <details> menu stays open until its summary is toggled: this adds Escape and a click elsewhere. */
export function useMenuDismiss(menu: RefObject<HTMLDetailsElement | null>) {
  const close = useCallback((refocus: boolean) => closeMenu(menu.current, refocus), [menu]);
  usePopupDismiss(menu, true, close);
}

// Whether the shop is "right back": set when a request fails because the server or its database is
// unavailable, cleared once /readyz answers again (see components/outage-banner.tsx). A plain
// external store, so the banner and the link that feeds it need no React context.
import { useSyncExternalStore } from 'react';

let down = false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  if (down === value) return;
  down = value;
  for (const listener of listeners) listener();
}

export const outage = {
  markDown: () => set(true),
  markUp: () => set(false),
  isDown: () => down,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useOutage(): boolean {
  return useSyncExternalStore(outage.subscribe, outage.isDown, outage.isDown);
}

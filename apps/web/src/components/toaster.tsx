// Outcome messages ("Comment deleted.") as toasts: `toast.success('…')` from anywhere, shown by the one
// <Toaster /> of main.tsx. sonner (about 10 KB gzip) is fetched the first time a toast is shown or a
// confirmation opens, never on a first visit, so the shop's JavaScript budget does not pay for it.
// A toast says what happened; errors a person must act on stay next to the form (role="alert").
import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react';
import type { ShowToast, SonnerToasterProps } from './toaster-sonner.tsx';

let requested = false;
let wake: (() => void) | null = null;
let show: ShowToast | null = null;
const waiting: Parameters<ShowToast>[] = [];

const LazySonner = lazy(
  (): Promise<{ default: ComponentType<SonnerToasterProps> }> =>
    import('./toaster-sonner.tsx').then(
      (m) => ({ default: m.SonnerToaster }),
      // Offline, or a deploy replaced the file: the page itself still shows the new state.
      () => ({ default: () => null }),
    ),
);

/** Mounts the toaster now (its code loads), so the first toast needs no wait. */
export function preloadToaster(): void {
  requested = true;
  wake?.();
}

function enqueue(...args: Parameters<ShowToast>) {
  if (show) return show(...args);
  waiting.push(args);
  preloadToaster();
}

export const toast = {
  success: (message: string) => enqueue('success', message),
  error: (message: string) => enqueue('error', message),
  info: (message: string) => enqueue('info', message),
};

function ready(shown: ShowToast) {
  show = shown;
  for (const args of waiting.splice(0)) shown(...args);
}

/** The one toaster, at the app's root: renders nothing until a toast is asked for. */
export function Toaster() {
  const [on, setOn] = useState(requested);
  useEffect(() => {
    wake = () => setOn(true);
    if (requested) setOn(true);
    return () => {
      wake = null;
    };
  }, []);
  if (!on) return null;
  return (
    <Suspense fallback={null}>
      <LazySonner onReady={ready} />
    </Suspense>
  );
}

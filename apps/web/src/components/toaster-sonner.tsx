// sonner's <Toaster>, loaded on demand by toaster.tsx: the only file that imports the library.
import { useEffect } from 'react';
import { Toaster, toast } from 'sonner';

export type ShowToast = (tone: 'success' | 'error' | 'info', message: string) => void;
export interface SonnerToasterProps {
  /** Called once the toaster listens, so the first toast lands in a live region that already exists. */
  onReady: (show: ShowToast) => void;
}

const showToast: ShowToast = (tone, message) => {
  toast[tone](message);
};

export function SonnerToaster({ onReady }: SonnerToasterProps) {
  // Runs after <Toaster>'s own effects (children first), when it has subscribed.
  useEffect(() => onReady(showToast), [onReady]);
  return (
    <Toaster
      theme="light"
      closeButton
      // Not "Notifications": the header's bell already has that name.
      customAriaLabel="Messages"
      // Long enough to read twice; hovering or focusing a toast pauses it.
      duration={6_000}
      style={{ fontFamily: 'inherit' }}
      toastOptions={{ style: { fontSize: '0.95rem' } }}
    />
  );
}

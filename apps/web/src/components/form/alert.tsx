import type { ReactNode } from 'react';

/**
 * A message about a whole form or page, or what an action did: an error is announced at once, the
 * others politely. Messages about one field stay with it (Field's error).
 */
export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

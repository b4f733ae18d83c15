import type { RouterOutputs } from '@damso/api';
import type { Permission } from '@damso/validators';
import { createContext, type ReactNode, useContext } from 'react';
import { trpc } from './trpc.ts';

type Bootstrap = RouterOutputs['system']['bootstrap'];
const BootstrapContext = createContext<Bootstrap | null>(null);

/** Loads the store settings and the signed-in user once; pages read them with useStore(). */
export function BootstrapProvider({ children }: { children: ReactNode }) {
  const query = trpc.system.bootstrap.useQuery(undefined, { staleTime: 60_000 });
  if (query.isPending) return <div className="boot" aria-busy="true" />;
  // Only before the first answer: a failed refetch keeps the pages (and what is typed in them) mounted.
  if (!query.data) {
    return (
      <main className="page narrow">
        <h1>We can’t reach the shop right now</h1>
        <p>We keep trying by ourselves; the shop appears here as soon as it answers.</p>
      </main>
    );
  }
  return <BootstrapContext.Provider value={query.data}>{children}</BootstrapContext.Provider>;
}

export function useStore(): Bootstrap {
  const value = useContext(BootstrapContext);
  if (!value) throw new Error('useStore() outside BootstrapProvider');
  return value;
}

/**
 * Whether the signed-in user holds a permission, as the server's role table granted it (bootstrap
 * sends the list), so no page or menu decides from a role name.
 */
export function useCan(): (permission: Permission) => boolean {
  const { user } = useStore();
  return (permission) => user?.permissions.includes(permission) ?? false;
}

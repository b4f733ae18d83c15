// A client's name (or email) as staff see it: a link to the admin's customer page for whoever may open
// it (the users list's permission, the same the page's procedures check), plain text for everyone else.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCan } from '../lib/session.tsx';

export const customerPath = (id: number) => `/admin/users/${id}`;

export function ClientLink({ id, children }: { id: number; children: ReactNode }) {
  const can = useCan();
  return can('admin:users') ? <Link to={customerPath(id)}>{children}</Link> : children;
}

import { can, type Permission } from '@damso/validators';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useStore } from '../lib/session.tsx';

/** Shows its children only to a role the permission table allows; the server enforces the same rule. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { user } = useStore();
  if (can(user?.role, permission)) return <>{children}</>;
  return (
    <main id="main" className="page narrow">
      <h1>{user ? 'This area is for staff' : 'Please log in'}</h1>
      <p>
        {user
          ? 'Your account does not have access to this page.'
          : 'This page is for the shop’s staff. Log in with a staff account to continue.'}
      </p>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </main>
  );
}

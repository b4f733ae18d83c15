import type { Permission } from '@damso/validators';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCan, useStore } from '../lib/session.tsx';

/** Shows its children only to a user holding one of the permissions; the server enforces the same rule. */
export function RequirePermission({
  permissions,
  children,
}: {
  permissions: readonly Permission[];
  children: ReactNode;
}) {
  const can = useCan();
  if (permissions.some(can)) return <>{children}</>;
  return (
    <main id="main" className="page narrow">
      <NoAccess title="This area is for staff" />
    </main>
  );
}

/** What a page says to someone it is not for; inside a layout's own <main> when the area is open but the page is not. */
export function NoAccess({ title = 'This page is not open to your account' }: { title?: string }) {
  const { user } = useStore();
  return (
    <>
      <h1>{user ? title : 'Please log in'}</h1>
      <p>
        {user
          ? 'Your account does not have access to this page.'
          : 'This page is for the shop’s staff. Log in with a staff account to continue.'}
      </p>
      <p>
        <Link to="/">Back to the shop</Link>
      </p>
    </>
  );
}

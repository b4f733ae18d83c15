import { StaffShell } from './staff-shell.tsx';

export function AdminLayout() {
  return (
    <StaffShell
      area="admin"
      permission="admin:users"
      title="Admin console"
      links={[
        { to: '/admin', label: 'Overview' },
        { to: '/admin/offers', label: 'Offers' },
        { to: '/admin/categories', label: 'Categories' },
        { to: '/admin/comments', label: 'Comments' },
        { to: '/admin/orders', label: 'Orders' },
        { to: '/admin/stats', label: 'Statistics' },
        { to: '/admin/coupons', label: 'Coupons' },
        { to: '/admin/users', label: 'Users' },
        { to: '/admin/audit', label: 'Audit log' },
        { to: '/admin/outbox', label: 'Email outbox' },
      ]}
    />
  );
}

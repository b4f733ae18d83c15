import { ADMIN_SECTIONS, AREAS } from '@damso/validators';
import { StaffShell } from './staff-shell.tsx';

const ADMIN = AREAS.find((a) => a.id === 'admin');

export function AdminLayout() {
  return (
    <StaffShell
      area="admin"
      permissions={ADMIN?.permissions ?? []}
      title="Admin console"
      links={[
        { to: '/admin', label: 'Overview' },
        ...ADMIN_SECTIONS.map((s) => ({ to: s.path, label: s.label, permission: s.permission })),
      ]}
    />
  );
}

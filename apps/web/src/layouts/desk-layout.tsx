import { StaffShell } from './staff-shell.tsx';

export function DeskLayout() {
  return <StaffShell area="desk" permission="desk:work" title="Order desk" links={[{ to: '/desk', label: 'Queue' }]} />;
}

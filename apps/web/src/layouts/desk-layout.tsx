import { formatCount } from '../lib/format.ts';
import { useCan } from '../lib/session.tsx';
import { trpc } from '../lib/trpc.ts';
import { StaffShell } from './staff-shell.tsx';

export function DeskLayout() {
  const can = useCan();
  // The menu shows how many orders wait in each queue; refreshed every 30 s.
  const counts = trpc.desk.counts.useQuery(undefined, {
    enabled: can('desk:work'),
    refetchInterval: 30_000,
  });
  type Counted = 'payment_review' | 'paid' | 'awaiting_payment' | 'mine' | 'outOfStock';
  // Counted up to 1,000: a longer queue reads "1,000+".
  const number = (k: Counted) => (counts.data ? formatCount(counts.data[k], counts.data.capped.includes(k)) : '');
  const n = (k: Counted) => (counts.data ? ` (${number(k)})` : '');
  const stock = counts.data?.outOfStock ? `, ${number('outOfStock')} out of stock` : '';
  return (
    <StaffShell
      area="desk"
      permissions={['desk:work']}
      title="Order desk"
      links={[
        { to: '/desk', label: `Payments to check${n('payment_review')}` },
        { to: '/desk/queue/paid', label: `To deliver${n('paid')}${stock}` },
        { to: '/desk/queue/awaiting_payment', label: `Awaiting payment${n('awaiting_payment')}` },
        { to: '/desk/queue/mine', label: `My claims${n('mine')}` },
      ]}
    />
  );
}

// One customer, for the admin: who they are, what they bought, what they said, staff notes, and the
// account actions (suspend or reactivate through the users list's procedures, log out everywhere).
import type { RouterOutputs } from '@damso/api';
import { ROLE_LABELS } from '@damso/validators';
import { Link, useParams } from 'react-router';
import { useConfirm } from '../../../components/confirm-dialog.tsx';
import { Alert } from '../../../components/form/alert.tsx';
import { toast } from '../../../components/toaster.tsx';
import { usePageTitle } from '../../../lib/page-title.tsx';
import { useStore } from '../../../lib/session.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import { CustomerMessages, CustomerNotes, CustomerOrders, CustomerSubscriptions } from './customer-parts.tsx';
import '../../../styles/admin.css';
import '../../../styles/customer.css';

/** Opened under the Users section, so the admin layout already asks for its permission (admin:users). */
export function AdminCustomerPage() {
  const params = useParams();
  const userId = Number(params.id);
  if (!Number.isSafeInteger(userId) || userId <= 0) return <Missing />;
  return <Customer userId={userId} />;
}

function Missing() {
  return (
    <section>
      <h1>No such customer</h1>
      <p>
        <Link to="/admin/users">Back to the users</Link>
      </p>
    </section>
  );
}

function Customer({ userId }: { userId: number }) {
  const customer = trpc.admin.customers.get.useQuery({ userId }, { retry: false });
  usePageTitle(customer.data?.profile.fullName);
  if (customer.isPending) return <p aria-busy="true">Loading the customer…</p>;
  if (customer.isError) {
    return customer.error.data?.code === 'NOT_FOUND' ? (
      <Missing />
    ) : (
      <Alert kind="error">{customer.error.message}</Alert>
    );
  }
  const c = customer.data;
  return (
    <article className="customer-page">
      <p>
        <Link to="/admin/users">← Users</Link>
      </p>
      <h1>{c.profile.fullName}</h1>
      <div className="customer-grid">
        <Profile customer={c} />
        <CustomerNotes userId={userId} />
        <CustomerOrders userId={userId} />
        <CustomerSubscriptions subscriptions={c.subscriptions} />
        <CustomerMessages messages={c.messages} />
      </div>
    </article>
  );
}

type CustomerData = RouterOutputs['admin']['customers']['get'];

function Profile({ customer }: { customer: CustomerData }) {
  const p = customer.profile;
  const me = useStore().user;
  const utils = trpc.useUtils();
  const confirm = useConfirm();
  const refresh = () => Promise.all([utils.admin.customers.get.invalidate(), utils.admin.users.list.invalidate()]);
  const suspend = trpc.admin.users.suspend.useMutation({ onSuccess: refresh });
  const reactivate = trpc.admin.users.reactivate.useMutation({ onSuccess: refresh });
  const endSessions = trpc.admin.customers.endSessions.useMutation({ onSuccess: refresh });
  const failed = suspend.error ?? reactivate.error ?? endSessions.error;
  const isMe = p.id === me?.id;
  const busy = suspend.isPending || reactivate.isPending || endSessions.isPending;

  const toggleStatus = async () => {
    const suspending = p.status === 'active';
    const ok = await confirm(
      suspending
        ? {
            title: `Suspend ${p.fullName}?`,
            body: 'They are signed out on every device and cannot log in until reactivated.',
            confirmLabel: 'Suspend',
            tone: 'danger',
          }
        : {
            title: `Reactivate ${p.fullName}?`,
            body: 'They can log in again with their password.',
            confirmLabel: 'Reactivate',
          },
    );
    if (!ok) return;
    try {
      if (suspending) await suspend.mutateAsync({ userId: p.id });
      else await reactivate.mutateAsync({ userId: p.id });
      toast.success(suspending ? `${p.fullName} is suspended.` : `${p.fullName} can log in again.`);
    } catch {
      // Shown above the actions.
    }
  };

  const logOutEverywhere = async () => {
    const ok = await confirm({
      title: `Log ${p.fullName} out everywhere?`,
      body: 'Every device they are signed in on is signed out. They can log in again with their password.',
      confirmLabel: 'Log out everywhere',
      tone: 'danger',
    });
    if (!ok) return;
    try {
      const { ended } = await endSessions.mutateAsync({ userId: p.id });
      toast.success(`${ended} ${ended === 1 ? 'session' : 'sessions'} ended.`);
    } catch {
      // Shown above the actions.
    }
  };

  return (
    <section className="customer-section" aria-labelledby="customer-profile">
      <h2 id="customer-profile">Profile</h2>
      <dl className="customer-facts">
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${p.email}`}>{p.email}</a> {p.emailVerified ? '(verified)' : '(not verified)'}
        </dd>
        <dt>Phone</dt>
        <dd>
          <a href={`tel:${p.phone}`}>{p.phone}</a>
        </dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[p.role]}</dd>
        <dt>Status</dt>
        <dd className={`user-status--${p.status}`}>{p.status === 'active' ? 'Active' : 'Suspended'}</dd>
        <dt>Joined</dt>
        <dd>{p.joinedAt.toLocaleDateString()}</dd>
        <dt>Signed in on</dt>
        <dd>
          {customer.activeSessions} {customer.activeSessions === 1 ? 'device' : 'devices'}
        </dd>
      </dl>
      {failed ? <Alert kind="error">{errorMessage(failed)}</Alert> : null}
      <div className="customer-actions">
        {isMe ? null : (
          <button
            type="button"
            className={p.status === 'active' ? 'button button--danger' : 'button'}
            onClick={toggleStatus}
            disabled={busy}
          >
            {p.status === 'active' ? 'Suspend' : 'Reactivate'}
          </button>
        )}
        <button
          type="button"
          className="button button--ghost"
          onClick={logOutEverywhere}
          disabled={busy || customer.activeSessions === 0}
        >
          Log out everywhere
        </button>
        <Link to={`/admin/audit?entity=user&id=${p.id}`}>History</Link>
      </div>
    </section>
  );
}

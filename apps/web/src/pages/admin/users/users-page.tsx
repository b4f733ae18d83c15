// Users: search and filters live in the URL; role changes and suspensions ask for confirmation, and
// the server's refusals (last admin, own account) show above the table.
import type { RouterOutputs } from '@damso/api';
import { ROLE_LABELS, ROLES, type Role, USER_STATUSES, type UserStatus } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pagination } from '../../../components/catalog/pagination.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { listPageFrom, pagesByNumber, withParams } from '../../../lib/catalog-query.ts';
import { useStore } from '../../../lib/session.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import { CreateEmployeeForm } from './create-employee-form.tsx';
import '../../../styles/admin-console.css';

type User = RouterOutputs['admin']['users']['list']['users'][number];
type Pending = { kind: 'role'; user: User; role: Role } | { kind: 'suspend' | 'reactivate'; user: User } | null;

/** The API's default page size for the users list. */
const USERS_PAGE_SIZE = 25;
const AS_ROLE = { client: 'a client', employee: 'an employee', admin: 'an admin' } as const;

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.find((v) => v === value);

export function AdminUsersPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const input = {
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    role: pick(ROLES, params.get('role')),
    status: pick(USER_STATUSES, params.get('status')),
    ...listPageFrom(params, USERS_PAGE_SIZE),
  };
  const list = trpc.admin.users.list.useQuery(input, { placeholderData: keepPreviousData });
  const me = useStore().user;
  const utils = trpc.useUtils();
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The search box is uncontrolled (typing updates the URL); a new key shows a search set from elsewhere.
  const [searchKey, setSearchKey] = useState(0);
  const done = async (message: string) => {
    setPending(null);
    await utils.admin.users.list.invalidate();
    setNotice(message);
  };
  const setRole = trpc.admin.users.setRole.useMutation();
  const suspend = trpc.admin.users.suspend.useMutation();
  const reactivate = trpc.admin.users.reactivate.useMutation();
  const failed = setRole.error ?? suspend.error ?? reactivate.error;
  const change = (changes: Record<string, string | null>) => setParams((p) => withParams(p, changes));

  const confirm = async () => {
    if (!pending) return;
    setNotice(null);
    for (const m of [setRole, suspend, reactivate]) m.reset();
    const { user } = pending;
    try {
      if (pending.kind === 'role') {
        await setRole.mutateAsync({ userId: user.id, role: pending.role });
        await done(`${user.fullName} is now ${AS_ROLE[pending.role]}.`);
      } else if (pending.kind === 'suspend') {
        await suspend.mutateAsync({ userId: user.id });
        await done(`${user.fullName} is suspended and signed out everywhere.`);
      } else {
        await reactivate.mutateAsync({ userId: user.id });
        await done(`${user.fullName} can log in again.`);
      }
    } catch {
      setPending(null);
    }
  };

  return (
    <div className="admin-catalog">
      <h1>Users</h1>
      <div className="admin-filters">
        <div className="catalog-field">
          <label htmlFor={`${id}-q`}>Name or email starts with</label>
          <input
            key={searchKey}
            id={`${id}-q`}
            type="search"
            defaultValue={input.q}
            onChange={(e) => setParams((p) => withParams(p, { q: e.target.value.trim() }), { replace: true })}
          />
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={input.role ?? ''} onChange={(e) => change({ role: e.target.value })}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={input.status ?? ''} onChange={(e) => change({ status: e.target.value })}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </select>
        </div>
      </div>
      {failed ? (
        <p role="alert" className="field-error">
          {errorMessage(failed)}
        </p>
      ) : null}
      <p role="status" className="ok">
        {notice}
      </p>
      {list.isPending ? (
        <p aria-busy="true">Loading users…</p>
      ) : list.isError ? (
        <p role="alert">{list.error.message}</p>
      ) : list.data.users.length === 0 ? (
        <p>
          No users match.{' '}
          <Link to="/admin/users" onClick={() => setSearchKey((k) => k + 1)}>
            Clear the filters
          </Link>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="admin-table console-table">
            <caption className="visually-hidden">
              Users, {list.data.total.toLocaleString('en')}
              {list.data.totalCapped ? ' or more' : ''} in all
            </caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Phone</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {list.data.users.map((u) => (
                <UserRow key={u.id} user={u} isMe={u.id === me?.id} onChange={setPending} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data ? (
        <Pagination
          params={params}
          page={list.data.page}
          pageCount={list.data.pageCount}
          cursors={{
            next: list.data.nextCursor,
            prev: list.data.prevCursor,
            numberedPages: pagesByNumber(USERS_PAGE_SIZE),
          }}
        />
      ) : null}
      <CreateEmployeeForm
        onCreated={(email) => {
          setParams(withParams(new URLSearchParams(), { q: email }));
          setSearchKey((k) => k + 1);
        }}
      />
      <ConfirmDialog
        open={pending !== null}
        title={pendingTitle(pending)}
        confirmLabel={pending?.kind === 'suspend' ? 'Suspend' : 'Confirm'}
        tone={pending?.kind === 'suspend' ? 'danger' : 'default'}
        busy={setRole.isPending || suspend.isPending || reactivate.isPending}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>{pendingDetail(pending)}</p>
        {pending?.kind === 'role' && pending.role !== 'admin' && pending.user.id === me?.id ? (
          <p>
            <strong>This is your own account: you will leave the admin console at once.</strong>
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

function pendingTitle(p: Pending): string {
  if (!p) return '';
  if (p.kind === 'role') return `Make ${p.user.fullName} ${AS_ROLE[p.role]}?`;
  return p.kind === 'suspend' ? `Suspend ${p.user.fullName}?` : `Reactivate ${p.user.fullName}?`;
}

function pendingDetail(p: Pending): string {
  if (!p) return '';
  if (p.kind === 'suspend') return 'They are signed out on every device and cannot log in until reactivated.';
  if (p.kind !== 'role') return 'They can log in again with their password.';
  if (p.role === 'admin') return 'Admins manage users, offers, orders and every setting of the shop.';
  if (p.role === 'employee') return 'Employees work the order desk: payments, deliveries and client messages.';
  return 'Clients can shop and order, nothing more.';
}

function UserRow({ user, isMe, onChange }: { user: User; isMe: boolean; onChange: (p: Pending) => void }) {
  const id = useId();
  const status: UserStatus = user.status;
  return (
    <tr>
      <td data-label="User">
        <strong>{user.fullName}</strong>
        {isMe ? <span className="muted"> (you)</span> : null}
        <div>{user.email}</div>
        {user.emailVerified ? null : <div className="muted">Email not verified</div>}
        <Link to={`/admin/audit?entity=user&id=${user.id}`}>
          History<span className="visually-hidden"> of {user.fullName}</span>
        </Link>
      </td>
      <td data-label="Phone">{user.phone}</td>
      <td data-label="Role">
        <div className="field">
          <label htmlFor={`${id}-role`} className="visually-hidden">
            Role of {user.fullName}
          </label>
          <select
            id={`${id}-role`}
            value={user.role}
            onChange={(e) => onChange({ kind: 'role', user, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
      </td>
      <td data-label="Status">
        <span className={`user-status--${status}`}>{status === 'active' ? 'Active' : 'Suspended'}</span>{' '}
        {isMe ? null : (
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ kind: status === 'active' ? 'suspend' : 'reactivate', user })}
          >
            {status === 'active' ? 'Suspend' : 'Reactivate'}
            <span className="visually-hidden"> {user.fullName}</span>
          </button>
        )}
      </td>
      <td data-label="Joined">{user.createdAt.toLocaleDateString()}</td>
    </tr>
  );
}

// Users: search and filters live in the URL; role changes and suspensions ask for confirmation, and
// the server's refusals (last admin, own account) show above the table.
import type { RouterOutputs } from '@damso/api';
import {
  defaultUserSortDir,
  ROLE_LABELS,
  ROLES,
  type Role,
  USER_SORTS,
  USER_STATUSES,
  type UserSort,
  type UserStatus,
} from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { customerPath } from '../../../components/client-link.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { Alert } from '../../../components/form/alert.tsx';
import { type Column, DataTable } from '../../../components/list/data-table.tsx';
import { FilterBar, SearchFilter, SelectFilter } from '../../../components/list/filters.tsx';
import { listPageFrom, pagesByNumber, useListParams } from '../../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { Pager } from '../../../components/list/pager.tsx';
import { SortSelect, useListSort } from '../../../components/list/sort.tsx';
import { useStore } from '../../../lib/session.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import { CreateEmployeeForm } from './create-employee-form.tsx';
import '../../../styles/admin.css';

type User = RouterOutputs['admin']['users']['list']['users'][number];
type Pending = { kind: 'role'; user: User; role: Role } | { kind: 'suspend' | 'reactivate'; user: User } | null;

/** The API's default page size for the users list. */
const USERS_PAGE_SIZE = 25;
const AS_ROLE = { client: 'a client', employee: 'an employee', admin: 'an admin' } as const;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'suspended', label: 'Suspended' },
];

const SORT_OPTIONS = [
  { key: 'joined', dir: 'desc', label: 'Newest first' },
  { key: 'joined', dir: 'asc', label: 'Oldest first' },
  { key: 'name', dir: 'asc', label: 'Name, A to Z' },
  { key: 'name', dir: 'desc', label: 'Name, Z to A' },
  { key: 'email', dir: 'asc', label: 'Email, A to Z' },
  { key: 'email', dir: 'desc', label: 'Email, Z to A' },
] as const;

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.find((v) => v === value);

export function AdminUsersPage() {
  const { params, change } = useListParams();
  const sort = useListSort(USER_SORTS, (key) => defaultUserSortDir(key as UserSort));
  const input = {
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    role: pick(ROLES, params.get('role')),
    status: pick(USER_STATUSES, params.get('status')),
    sort: sort.key as UserSort,
    dir: sort.dir,
    ...listPageFrom(params, USERS_PAGE_SIZE),
  };
  const list = trpc.admin.users.list.useQuery(input, { placeholderData: keepPreviousData });
  const me = useStore().user;
  const utils = trpc.useUtils();
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = async (message: string) => {
    setPending(null);
    await utils.admin.users.list.invalidate();
    setNotice(message);
  };
  const setRole = trpc.admin.users.setRole.useMutation();
  const suspend = trpc.admin.users.suspend.useMutation();
  const reactivate = trpc.admin.users.reactivate.useMutation();
  const failed = setRole.error ?? suspend.error ?? reactivate.error;

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

  const columns: Column<User>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (u) => (
        <>
          <strong>
            <Link to={customerPath(u.id)}>{u.fullName}</Link>
          </strong>
          {u.id === me?.id ? <span className="muted"> (you)</span> : null}
          <div>
            <Link to={`/admin/audit?entity=user&id=${u.id}`}>
              History<span className="visually-hidden"> of {u.fullName}</span>
            </Link>
          </div>
        </>
      ),
    },
    {
      header: 'Email',
      sortKey: 'email',
      cell: (u) => (
        <>
          {u.email}
          {u.emailVerified ? null : <div className="muted">Email not verified</div>}
        </>
      ),
    },
    { header: 'Phone', cell: (u) => u.phone },
    { header: 'Role', cell: (u) => <RoleSelect user={u} onChange={setPending} /> },
    { header: 'Status', cell: (u) => <StatusCell user={u} isMe={u.id === me?.id} onChange={setPending} /> },
    { header: 'Joined', sortKey: 'joined', cell: (u) => u.createdAt.toLocaleDateString() },
  ];

  return (
    <div className="admin-catalog">
      <h1>Users</h1>
      <FilterBar>
        <SearchFilter name="q" label="Name or email starts with" />
        <SelectFilter name="role" label="Role" any="All roles" options={ROLE_OPTIONS} value={input.role ?? ''} />
        <SelectFilter
          name="status"
          label="Status"
          any="Any status"
          options={STATUS_OPTIONS}
          value={input.status ?? ''}
        />
        <SortSelect sort={sort} options={SORT_OPTIONS} />
      </FilterBar>
      {failed ? <Alert kind="error">{errorMessage(failed)}</Alert> : null}
      <p role="status" className="ok">
        {notice}
      </p>
      <ListView
        query={list}
        loading="Loading users…"
        isEmpty={(d) => d.users.length === 0}
        empty={<EmptyState clear="/admin/users">No users match.</EmptyState>}
      >
        {(d) => (
          <DataTable
            stacked
            caption={`Users, ${d.total.toLocaleString('en')}${d.totalCapped ? ' or more' : ''} in all`}
            columns={columns}
            rows={d.users}
            rowKey={(u) => u.id}
            sort={sort}
          />
        )}
      </ListView>
      {list.data ? (
        <Pager
          page={list.data.page}
          pageCount={list.data.pageCount}
          cursors={{
            next: list.data.nextCursor,
            prev: list.data.prevCursor,
            numberedPages: pagesByNumber(USERS_PAGE_SIZE),
          }}
        />
      ) : null}
      <CreateEmployeeForm onCreated={(email) => change({ q: email, role: null, status: null })} />
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

function RoleSelect({ user, onChange }: { user: User; onChange: (p: Pending) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="visually-hidden">
        Role of {user.fullName}
      </label>
      <select
        id={id}
        value={user.role}
        onChange={(e) => onChange({ kind: 'role', user, role: e.target.value as Role })}
      >
        {ROLE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function StatusCell({ user, isMe, onChange }: { user: User; isMe: boolean; onChange: (p: Pending) => void }) {
  const status: UserStatus = user.status;
  return (
    <>
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
    </>
  );
}

// The email outbox: what was sent, what waits for the worker or is being sent, and what failed after
// three days of retries (the admins' bell says so too), with a retry.
import type { RouterOutputs } from '@damso/api';
import { OUTBOX_STATUSES } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/form/alert.tsx';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { FilterBar, SelectFilter } from '../../components/list/filters.tsx';
import { pageFrom, useListParams, withParams } from '../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { Pager } from '../../components/list/pager.tsx';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/admin.css';

type Email = RouterOutputs['admin']['outbox']['list']['emails'][number];

const LABELS = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;
const STATUS_OPTIONS = OUTBOX_STATUSES.map((s) => ({ value: s, label: LABELS[s] }));

function EmailStatus({ email: e, onRetry, retrying }: { email: Email; onRetry: () => void; retrying: boolean }) {
  return (
    <>
      {LABELS[e.status]}
      {e.status === 'sent' && e.sentAt ? <div className="muted">{e.sentAt.toLocaleString()}</div> : null}
      {e.status === 'pending' && e.nextAttemptAt ? (
        <div className="muted">Next try {e.nextAttemptAt.toLocaleString()}</div>
      ) : null}
      {e.status === 'sending' && e.nextAttemptAt ? (
        // The lease's end: if the server sending it stopped, another one takes it over then.
        <div className="muted">Taken over by another server after {e.nextAttemptAt.toLocaleString()} if unfinished</div>
      ) : null}
      {e.lastError && e.status !== 'sent' ? <div className="error-text">{e.lastError}</div> : null}
      {e.status === 'failed' ? (
        <button type="button" className="button button--ghost" disabled={retrying} onClick={onRetry}>
          Retry
          <span className="visually-hidden">
            {' '}
            “{e.subject}” to {e.to}
          </span>
        </button>
      ) : null}
    </>
  );
}

export function AdminOutboxPage() {
  const { params } = useListParams();
  const status = OUTBOX_STATUSES.find((s) => s === params.get('status'));
  const page = pageFrom(params);
  const list = trpc.admin.outbox.list.useQuery({ status, page }, { placeholderData: keepPreviousData });
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const retry = trpc.admin.outbox.retry.useMutation({
    onSuccess: async () => {
      setNotice('Queued again: the worker sends it within a minute.');
      await utils.admin.outbox.list.invalidate();
    },
  });
  const columns: Column<Email>[] = [
    {
      header: 'Email',
      cell: (e) => (
        <>
          <strong>{e.subject}</strong>
          <div>To {e.to}</div>
          <div className="muted">{e.template}</div>
        </>
      ),
    },
    {
      header: 'Status',
      cell: (e) => (
        <EmailStatus
          email={e}
          retrying={retry.isPending}
          onRetry={() => {
            setNotice(null);
            retry.mutate({ id: e.id });
          }}
        />
      ),
    },
    { header: 'Attempts', cell: (e) => e.attempts },
    { header: 'Queued', cell: (e) => e.createdAt.toLocaleString() },
  ];

  return (
    <div className="admin-catalog">
      <h1>Email outbox</h1>
      {list.data ? (
        <ul className="outbox-counts" aria-label="Emails by status">
          {OUTBOX_STATUSES.map((s) => (
            <li key={s}>
              {LABELS[s]}: <strong>{list.data.counts[s]}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {list.data && list.data.counts.failed > 0 ? (
        <p className="notice notice--warn">
          {list.data.counts.failed === 1 ? '1 email was' : `${list.data.counts.failed} emails were`} not delivered after
          3 days of retries. Check the mail server settings, then retry them
          {status === 'failed' ? (
            ' below.'
          ) : (
            <>
              {' '}
              from the <Link to={`?${withParams(params, { status: 'failed' })}`}>failed list</Link>.
            </>
          )}
        </p>
      ) : null}
      <FilterBar>
        <SelectFilter name="status" label="Status" any="All" options={STATUS_OPTIONS} value={status ?? ''} />
      </FilterBar>
      {retry.error ? <Alert kind="error">{errorMessage(retry.error)}</Alert> : null}
      <p role="status" className="ok">
        {notice}
      </p>
      <ListView
        query={list}
        loading="Loading emails…"
        isEmpty={(d) => d.emails.length === 0}
        empty={<EmptyState>No emails here.</EmptyState>}
      >
        {(d) => (
          <DataTable stacked caption="Emails, newest first" columns={columns} rows={d.emails} rowKey={(e) => e.id} />
        )}
      </ListView>
      {list.data ? <Pager page={page} pageCount={null} hasMore={list.data.hasMore} newestFirst /> : null}
    </div>
  );
}

// The email outbox: what was sent, what waits for the worker or is being sent, and what failed after
// three days of retries (the admins' bell says so too), with a retry.
import { OUTBOX_STATUSES } from '@damso/validators';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { withParams } from '../../lib/catalog-query.ts';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import '../../styles/admin-console.css';
import '../../styles/orders.css';
import { NewerOlderPager } from '../../components/admin/newer-older-pager.tsx';

const LABELS = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;

export function AdminOutboxPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const status = OUTBOX_STATUSES.find((s) => s === params.get('status'));
  const page = Math.min(1000, Math.max(1, Number(params.get('page')) || 1));
  const list = trpc.admin.outbox.list.useQuery({ status, page }, { placeholderData: keepPreviousData });
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const retry = trpc.admin.outbox.retry.useMutation({
    onSuccess: async () => {
      setNotice('Queued again: the worker sends it within a minute.');
      await utils.admin.outbox.list.invalidate();
    },
  });

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
      <div className="admin-filters">
        <div className="catalog-field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={status ?? ''}
            onChange={(e) => setParams((p) => withParams(p, { status: e.target.value }))}
          >
            <option value="">All</option>
            {OUTBOX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {retry.error ? (
        <p role="alert" className="field-error">
          {errorMessage(retry.error)}
        </p>
      ) : null}
      <p role="status" className="ok">
        {notice}
      </p>
      {list.isPending ? (
        <p aria-busy="true">Loading emails…</p>
      ) : list.isError ? (
        <p role="alert">{list.error.message}</p>
      ) : list.data.emails.length === 0 ? (
        <p>No emails here.</p>
      ) : (
        <div className="table-wrap">
          <table className="admin-table console-table">
            <caption className="visually-hidden">Emails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {list.data.emails.map((e) => (
                <tr key={e.id}>
                  <td data-label="Email">
                    <strong>{e.subject}</strong>
                    <div>To {e.to}</div>
                    <div className="muted">{e.template}</div>
                  </td>
                  <td data-label="Status">
                    {LABELS[e.status]}
                    {e.status === 'sent' && e.sentAt ? <div className="muted">{e.sentAt.toLocaleString()}</div> : null}
                    {e.status === 'pending' && e.nextAttemptAt ? (
                      <div className="muted">Next try {e.nextAttemptAt.toLocaleString()}</div>
                    ) : null}
                    {e.status === 'sending' && e.nextAttemptAt ? (
                      // The lease's end: if the server sending it stopped, another one takes it over then.
                      <div className="muted">
                        Taken over by another server after {e.nextAttemptAt.toLocaleString()} if unfinished
                      </div>
                    ) : null}
                    {e.lastError && e.status !== 'sent' ? <div className="field-error">{e.lastError}</div> : null}
                    {e.status === 'failed' ? (
                      <button
                        type="button"
                        className="button button--ghost"
                        disabled={retry.isPending}
                        onClick={() => {
                          setNotice(null);
                          retry.mutate({ id: e.id });
                        }}
                      >
                        Retry
                        <span className="visually-hidden">
                          {' '}
                          “{e.subject}” to {e.to}
                        </span>
                      </button>
                    ) : null}
                  </td>
                  <td data-label="Attempts">{e.attempts}</td>
                  <td data-label="Queued">{e.createdAt.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data ? <NewerOlderPager params={params} page={page} hasMore={list.data.hasMore} /> : null}
    </div>
  );
}

// The audit log: who did what, when, to which entity, and the states before and after. Filters live
// in the URL so a user's history can be linked from the users page.
import { keepPreviousData } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { withParams } from '../../lib/catalog-query.ts';
import { trpc } from '../../lib/trpc.ts';
import { AuditDiff } from './audit-diff.tsx';
import '../../styles/admin-console.css';
import { NewerOlderPager } from '../../components/admin/newer-older-pager.tsx';

/** A yyyy-mm-dd from the URL as the start (or end) of that day in the admin's time zone. */
function dayBound(text: string | null, end: boolean): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const humanAction = (action: string) => action.replace(/[._]/g, ' ');

export function AdminAuditPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const from = dayBound(params.get('from'), false);
  const to = dayBound(params.get('to'), true);
  const rangeError = from && to && from > to ? 'The end date is before the start date' : null;
  const entityType = params.get('entity')?.slice(0, 40) || undefined;
  const page = Math.min(1000, Math.max(1, Number(params.get('page')) || 1));
  const input = {
    entityType,
    entityId: entityType ? params.get('id')?.slice(0, 40) || undefined : undefined,
    actorEmail: params.get('actor')?.trim().slice(0, 254) || undefined,
    from,
    to,
    page,
  };
  const list = trpc.admin.audit.list.useQuery(input, { placeholderData: keepPreviousData, enabled: !rangeError });
  const types = trpc.admin.audit.entityTypes.useQuery();
  const change = (changes: Record<string, string | null>) => setParams((p) => withParams(p, changes));
  const typed = (key: string) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setParams((p) => withParams(p, { [key]: e.target.value.trim() }), { replace: true });

  return (
    <div className="admin-catalog">
      <h1>Audit log</h1>
      <div className="admin-filters">
        <div className="catalog-field">
          <label htmlFor={`${id}-entity`}>Entity</label>
          <select
            id={`${id}-entity`}
            value={entityType ?? ''}
            onChange={(e) => change({ entity: e.target.value, id: null })}
          >
            <option value="">Everything</option>
            {[...new Set([...(types.data ?? []), ...(entityType ? [entityType] : [])])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {entityType ? (
          <div className="catalog-field">
            <label htmlFor={`${id}-id`}>Entity id</label>
            <input id={`${id}-id`} defaultValue={input.entityId} onChange={typed('id')} />
          </div>
        ) : null}
        <div className="catalog-field">
          <label htmlFor={`${id}-actor`}>Actor email</label>
          <input id={`${id}-actor`} type="email" defaultValue={input.actorEmail} onChange={typed('actor')} />
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => change({ from: e.target.value })}
          />
        </div>
        <div className="catalog-field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={params.get('to') ?? ''}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-to-error` : undefined}
            onChange={(e) => change({ to: e.target.value })}
          />
          {rangeError ? (
            <p id={`${id}-to-error`} className="field-error" role="alert">
              {rangeError}
            </p>
          ) : null}
        </div>
      </div>
      {rangeError ? null : list.isPending ? (
        <p aria-busy="true">Loading the log…</p>
      ) : list.isError ? (
        <p role="alert">{list.error.message}</p>
      ) : list.data.entries.length === 0 ? (
        <p>
          Nothing recorded for these filters. <Link to="/admin/audit">Clear the filters</Link>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="admin-table console-table">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {list.data.entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="Time">
                    <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toLocaleString()}</time>
                  </td>
                  <td data-label="Actor">
                    {e.actorName ? (
                      <>
                        {e.actorName}
                        <div className="muted">{e.actorEmail}</div>
                      </>
                    ) : (
                      <span className="muted">{e.actorId === null ? 'System or CLI' : 'Deleted user'}</span>
                    )}
                  </td>
                  <td data-label="Action">{humanAction(e.action)}</td>
                  <td data-label="Entity">
                    <Link
                      to={`/admin/audit?${withParams(new URLSearchParams(), { entity: e.entityType, id: e.entityId })}`}
                    >
                      {e.entityType} {e.entityId}
                    </Link>
                  </td>
                  <td data-label="Change">
                    <AuditDiff before={e.before} after={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && !rangeError ? <NewerOlderPager params={params} page={page} hasMore={list.data.hasMore} /> : null}
    </div>
  );
}

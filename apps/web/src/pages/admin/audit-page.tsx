// The audit log: who did what, when, to which entity, and the states before and after. Filters live
// in the URL so a user's history can be linked from the users page.
import type { RouterOutputs } from '@damso/api';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/list/data-table.tsx';
import { DateFilter, FilterBar, SearchFilter, SelectFilter } from '../../components/list/filters.tsx';
import { pageFrom, useListParams, withParams } from '../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../components/list/list-view.tsx';
import { Pager } from '../../components/list/pager.tsx';
import { trpc } from '../../lib/trpc.ts';
import { AuditDiff } from './audit-diff.tsx';
import { describeAction, entityLabel } from './audit-words.ts';
import '../../styles/admin.css';

type Entry = RouterOutputs['admin']['audit']['list']['entries'][number];

/** A yyyy-mm-dd from the URL as the start (or end) of that day in the admin's time zone. */
function dayBound(text: string | null, end: boolean): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const COLUMNS: Column<Entry>[] = [
  {
    header: 'Time',
    cell: (e) => <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toLocaleString()}</time>,
  },
  {
    header: 'Actor',
    cell: (e) =>
      e.actorName ? (
        <>
          {e.actorName}
          <div className="muted">{e.actorEmail}</div>
        </>
      ) : (
        <span className="muted">{e.actorId === null ? 'System or CLI' : 'Deleted user'}</span>
      ),
  },
  { header: 'Action', cell: (e) => describeAction(e) },
  {
    header: 'Entity',
    cell: (e) => (
      <Link to={`/admin/audit?${withParams(new URLSearchParams(), { entity: e.entityType, id: e.entityId })}`}>
        {entityLabel(e.entityType)} {e.entityId}
      </Link>
    ),
  },
  {
    header: 'Change',
    cell: (e) => <AuditDiff action={e.action} entityType={e.entityType} before={e.before} after={e.after} />,
  },
];

export function AdminAuditPage() {
  const { params } = useListParams();
  const from = dayBound(params.get('from'), false);
  const to = dayBound(params.get('to'), true);
  const rangeError = from && to && from > to ? 'The end date is before the start date' : undefined;
  const entityType = params.get('entity')?.slice(0, 40) || undefined;
  const page = pageFrom(params);
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
  const typeOptions = [...new Set([...(types.data ?? []), ...(entityType ? [entityType] : [])])].map((t) => ({
    value: t,
    label: entityLabel(t),
  }));

  return (
    <div className="admin-catalog">
      <h1>Audit log</h1>
      <FilterBar>
        <SelectFilter name="entity" label="Entity" any="Everything" options={typeOptions} clears={['id']} />
        {entityType ? <SearchFilter name="id" label="Entity id" type="text" /> : null}
        <SearchFilter name="actor" label="Actor email" type="email" />
        <DateFilter name="from" label="From" />
        <DateFilter name="to" label="To" error={rangeError} />
      </FilterBar>
      {rangeError ? null : (
        <ListView
          query={list}
          loading="Loading the log…"
          isEmpty={(d) => d.entries.length === 0}
          empty={<EmptyState clear="/admin/audit">Nothing recorded for these filters.</EmptyState>}
        >
          {(d) => (
            <DataTable
              stacked
              caption="Audit log, newest first"
              columns={COLUMNS}
              rows={d.entries}
              rowKey={(e) => e.id}
            />
          )}
        </ListView>
      )}
      {list.data && !rangeError ? <Pager page={page} pageCount={null} hasMore={list.data.hasMore} newestFirst /> : null}
    </div>
  );
}

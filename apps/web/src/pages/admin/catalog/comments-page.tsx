import { useMemo } from 'react';
import { Link } from 'react-router';
import { useConfirm } from '../../../components/confirm-dialog.tsx';
import { Alert } from '../../../components/form/alert.tsx';
import { BulkBar, BulkButton, bulkOutcome, RowCheckbox, useSelection } from '../../../components/list/bulk.tsx';
import { pageFrom, useListParams } from '../../../components/list/list-params.ts';
import { EmptyState, ListView } from '../../../components/list/list-view.tsx';
import { Pager } from '../../../components/list/pager.tsx';
import { toast } from '../../../components/toaster.tsx';
import { trpc } from '../../../lib/trpc.ts';
import { errorMessage } from '../../../lib/trpc-errors.ts';
import '../../../styles/admin.css';
import '../../../styles/catalog.css';

const TABS = [
  { id: 'newest', label: 'Newest' },
  { id: 'reported', label: 'Reported' },
  { id: 'hidden', label: 'Hidden' },
] as const;
type Tab = (typeof TABS)[number]['id'];
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function AdminCommentsPage() {
  const { params } = useListParams();
  const tab: Tab = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'newest';
  const page = pageFrom(params);
  const queue = trpc.admin.comments.queue.useQuery({ tab, page });
  const utils = trpc.useUtils();
  const refresh = () =>
    Promise.all([
      utils.admin.comments.queue.invalidate(),
      utils.admin.overview.invalidate(),
      utils.comments.invalidate(),
      utils.catalog.invalidate(),
    ]);
  const hide = trpc.admin.comments.setHidden.useMutation({ onSuccess: refresh });
  const remove = trpc.admin.comments.delete.useMutation({
    onSuccess: async () => {
      await refresh();
      toast.success('The comment was deleted for everyone.');
    },
  });
  const dismiss = trpc.admin.comments.dismissReports.useMutation({
    onSuccess: async () => {
      await refresh();
      toast.success('Reports dismissed. The comment stays as it was.');
    },
  });
  const moderateMany = trpc.admin.comments.moderateMany.useMutation({ onSuccess: refresh });
  const pageIds = useMemo(() => (queue.data?.items ?? []).map((c) => c.id), [queue.data]);
  const selection = useSelection(pageIds);
  const comments = (n: number) => (n === 1 ? 'comment' : `${n} comments`);
  const confirm = useConfirm();
  const error = hide.error ?? remove.error ?? dismiss.error;

  return (
    <div className="admin-catalog">
      <h1>Comments</h1>
      <nav className="tabs" aria-label="Moderation lists">
        {TABS.map((t) => (
          <Link key={t.id} to={`?tab=${t.id}`} aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {error ? <Alert kind="error">{errorMessage(error)}</Alert> : null}
      <BulkBar selection={selection} pageCount={pageIds.length} noun="comments">
        <BulkButton
          selection={selection}
          label="Dismiss reports"
          confirm={(n) => ({
            title: `Dismiss the reports on ${n === 1 ? 'this comment' : `these ${n} comments`}?`,
            body: 'The comments stay as they are and leave the Reported list. Clients can report them again.',
            confirmLabel: 'Dismiss reports',
          })}
          run={(ids) => moderateMany.mutateAsync({ ids, action: 'dismiss' })}
          done={(r) => bulkOutcome(r, ['comment', 'comments'], 'cleared of reports')}
        />
        <BulkButton
          selection={selection}
          label="Hide"
          confirm={(n) => ({
            title: `Hide ${n === 1 ? 'this comment' : `these ${n} comments`}?`,
            body: 'Hidden comments no longer show on the offer page and its rating. You can unhide them later.',
            confirmLabel: `Hide ${comments(n)}`,
          })}
          run={(ids) => moderateMany.mutateAsync({ ids, action: 'hide' })}
          done={(r) => bulkOutcome(r, ['comment', 'comments'], 'hidden')}
        />
        <BulkButton
          selection={selection}
          label="Delete"
          tone="danger"
          confirm={(n) => ({
            title: `Delete ${n === 1 ? 'this comment' : `these ${n} comments`} for everyone?`,
            body: 'The comments and any replies to them will be deleted. This cannot be undone.',
            confirmLabel: `Delete ${comments(n)}`,
          })}
          run={(ids) => moderateMany.mutateAsync({ ids, action: 'delete' })}
          done={(r) => bulkOutcome(r, ['comment', 'comments'], 'deleted')}
        />
      </BulkBar>
      <ListView
        query={queue}
        loading="Loading…"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState>Nothing here. {tab === 'reported' ? 'No comment has been reported.' : ''}</EmptyState>}
      >
        {(d) => (
          <ol className="moderation-list">
            {d.items.map((c) => (
              <li key={c.id} className={c.hidden ? 'comment comment--hidden' : 'comment'}>
                <div className="comment__head">
                  <RowCheckbox selection={selection} id={c.id} label={`Select the comment by ${c.authorName}`} />
                  <strong>{c.authorName}</strong>
                  <span className="muted">{c.authorEmail}</span>
                  {c.isStaff ? <span className="badge">Staff</span> : null}
                  {c.hidden ? <span className="badge badge--hidden">Hidden</span> : null}
                  {c.reportCount > 0 ? <span className="badge badge--hidden">Reported {c.reportCount}×</span> : null}
                  {c.rating !== null ? <span>Rated {c.rating}/5</span> : null}
                </div>
                <p className="muted">
                  On <Link to={`/offers/${c.offerSlug}`}>{c.offerTitle}</Link> ·{' '}
                  {dateFormat.format(new Date(c.createdAt))}
                  {c.parentId ? ' · reply' : ''}
                </p>
                <p className="comment__body">{c.body}</p>
                <div className="comment__actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => hide.mutate({ id: c.id, hidden: !c.hidden })}
                  >
                    {c.hidden ? 'Unhide' : 'Hide'}
                  </button>
                  {c.reportCount > 0 ? (
                    <button
                      type="button"
                      className="link-button"
                      disabled={dismiss.isPending}
                      onClick={() => dismiss.mutate({ id: c.id })}
                    >
                      Dismiss reports
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="link-button link-button--danger"
                    disabled={remove.isPending}
                    onClick={async () => {
                      const yes = await confirm({
                        title: 'Delete this comment for everyone?',
                        body: `${c.authorName}’s comment on ${c.offerTitle} and any replies to it will be deleted. This cannot be undone.`,
                        confirmLabel: 'Delete comment',
                        tone: 'danger',
                      });
                      if (yes) remove.mutate({ id: c.id });
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </ListView>
      {queue.data ? <Pager page={page} pageCount={queue.data.pageCount} newestFirst /> : null}
    </div>
  );
}

import type { RouterOutputs } from '@damso/api';
import { type ComponentProps, lazy, Suspense, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useStore } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { errorMessage } from '../../lib/trpc-errors.ts';
import { useConfirm } from '../confirm-dialog.tsx';
import { EmptyState, ListView } from '../list/list-view.tsx';
import { Pager } from '../list/pager.tsx';
import { toast } from '../toaster.tsx';
import type { CommentForm as Form } from './comment-form.tsx';

type List = RouterOutputs['comments']['list'];
type Comment = List['items'][number];
type Viewer = List['viewer'];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

// The form (react-hook-form and the shared zod schema) loads only when someone may write: a visitor
// reading the offer never downloads it.
const LazyForm = lazy(() => import('./comment-form.tsx').then((m) => ({ default: m.CommentForm })));
function CommentForm(props: ComponentProps<typeof Form>) {
  return (
    <Suspense fallback={<p aria-busy="true">Loading the form…</p>}>
      <LazyForm {...props} />
    </Suspense>
  );
}

export default function OfferComments({ offerId }: { offerId: number }) {
  const { user } = useStore();
  const location = useLocation();
  const [page, setPage] = useState(1);
  const list = trpc.comments.list.useQuery({ offerId, page });
  const utils = trpc.useUtils();
  const refresh = () => Promise.all([utils.comments.list.invalidate({ offerId }), utils.catalog.offer.invalidate()]);
  const create = trpc.comments.create.useMutation({ onSuccess: refresh });

  return (
    <section id="comments" aria-labelledby="comments-title" className="comments">
      <h2 id="comments-title">Comments{list.data ? ` (${list.data.total})` : ''}</h2>
      {list.data?.viewer.canComment ? (
        <CommentForm
          allowRating={list.data.viewer.canRate && list.data.viewer.ratedCommentId === null}
          submitLabel="Post comment"
          onSubmit={(values) => create.mutateAsync({ offerId, ...values })}
        />
      ) : (
        <p className="muted">
          {user ? (
            <>
              <Link to="/verify-email">Verify your email address</Link> to join the conversation.
            </>
          ) : (
            <>
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in</Link> to comment. Clients who
              received this offer can also rate it.
            </>
          )}
        </p>
      )}
      <ListView
        query={list}
        loading="Loading comments…"
        failed="Comments could not be loaded."
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState>No comments yet. Be the first to share your experience.</EmptyState>}
      >
        {(d) => (
          <ol className="comment-list">
            {d.items.map((c) => (
              <CommentItem key={c.id} comment={c} viewer={d.viewer} onChanged={refresh} />
            ))}
          </ol>
        )}
      </ListView>
      {list.data ? <Pager page={page} pageCount={list.data.pageCount} newestFirst onPage={setPage} /> : null}
    </section>
  );
}

function CommentItem({
  comment: c,
  viewer,
  onChanged,
  isReply = false,
}: {
  comment: Comment | Comment['replies'][number];
  viewer: Viewer;
  onChanged: () => Promise<unknown>;
  isReply?: boolean;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'reply'>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const confirm = useConfirm();
  const done = { onSuccess: onChanged, onError: (e: unknown) => setNotice(errorMessage(e)) };
  const deleted = (message: string) => ({
    ...done,
    onSuccess: async () => {
      await onChanged();
      toast.success(message);
    },
  });
  const update = trpc.comments.update.useMutation({ onSuccess: onChanged });
  const reply = trpc.comments.reply.useMutation({ onSuccess: onChanged });
  const remove = trpc.comments.delete.useMutation(deleted('Your comment was deleted.'));
  const report = trpc.comments.report.useMutation({
    ...done,
    onSuccess: () => setNotice('Thanks, a moderator will look at it.'),
  });
  const hide = trpc.admin.comments.setHidden.useMutation(done);
  const adminDelete = trpc.admin.comments.delete.useMutation(deleted('The comment was removed for everyone.'));
  const replies = 'replies' in c ? c.replies : [];

  return (
    <li className={`comment${c.hidden ? ' comment--hidden' : ''}${c.isStaff ? ' comment--staff' : ''}`}>
      <div className="comment__head">
        <strong>{c.author}</strong>
        {c.isStaff ? <span className="badge">Staff</span> : null}
        {c.verifiedPurchase ? <span className="badge badge--verified">Verified purchase</span> : null}
        {c.hidden ? <span className="badge badge--hidden">Hidden from clients</span> : null}
        {c.rating !== null ? (
          <span className="comment__rating" role="img" aria-label={`Rated ${c.rating} out of 5`}>
            {'★'.repeat(c.rating)}
            {'☆'.repeat(5 - c.rating)}
          </span>
        ) : null}
        <time dateTime={new Date(c.createdAt).toISOString()} className="muted">
          {dateFormat.format(new Date(c.createdAt))}
          {c.edited ? ' · edited' : ''}
        </time>
      </div>
      {mode === 'edit' ? (
        <CommentForm
          initial={{ body: c.body, rating: c.rating }}
          allowRating={!isReply && (c.rating !== null || (viewer.canRate && viewer.ratedCommentId === null))}
          submitLabel="Save"
          onCancel={() => setMode('view')}
          onSubmit={async (values) => {
            await update.mutateAsync({ id: c.id, ...values });
            setMode('view');
          }}
        />
      ) : (
        // Plain text only: React escapes it, and links stay words rather than anchors.
        <p className="comment__body">{c.body}</p>
      )}
      {notice ? (
        <p className="muted" role="status">
          {notice}
        </p>
      ) : null}
      {mode === 'view' ? (
        <div className="comment__actions">
          {c.mine ? (
            <>
              <button type="button" className="link-button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button
                type="button"
                className="link-button"
                disabled={remove.isPending}
                onClick={async () => {
                  const yes = await confirm({
                    title: 'Delete your comment?',
                    body: [
                      c.rating !== null ? 'Your rating is removed with it.' : '',
                      replies.length > 0 ? 'The replies to it go too.' : '',
                      'This cannot be undone.',
                    ]
                      .filter(Boolean)
                      .join(' '),
                    confirmLabel: 'Delete comment',
                    tone: 'danger',
                  });
                  if (yes) remove.mutate({ id: c.id });
                }}
              >
                Delete
              </button>
            </>
          ) : viewer.canComment && !c.hidden ? (
            <button type="button" className="link-button" onClick={() => report.mutate({ id: c.id })}>
              Report
            </button>
          ) : null}
          {viewer.canReply && !isReply ? (
            <button type="button" className="link-button" onClick={() => setMode('reply')}>
              Reply as staff
            </button>
          ) : null}
          {viewer.canModerate ? (
            <>
              <button
                type="button"
                className="link-button"
                onClick={() => hide.mutate({ id: c.id, hidden: !c.hidden })}
              >
                {c.hidden ? 'Unhide' : 'Hide'}
              </button>
              {!c.mine ? (
                <button
                  type="button"
                  className="link-button link-button--danger"
                  disabled={adminDelete.isPending}
                  onClick={async () => {
                    const yes = await confirm({
                      title: 'Remove this comment for everyone?',
                      body: `${c.author}’s comment${replies.length > 0 ? ' and its replies' : ''} will be deleted. This cannot be undone.`,
                      confirmLabel: 'Remove comment',
                      tone: 'danger',
                    });
                    if (yes) adminDelete.mutate({ id: c.id });
                  }}
                >
                  Remove
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      {mode === 'reply' ? (
        <CommentForm
          allowRating={false}
          submitLabel="Post reply"
          onCancel={() => setMode('view')}
          onSubmit={async (values) => {
            await reply.mutateAsync({ parentId: c.id, body: values.body });
            setMode('view');
          }}
        />
      ) : null}
      {replies.length > 0 ? (
        <ol className="comment-list comment-list--replies">
          {replies.map((r) => (
            <CommentItem key={r.id} comment={r} viewer={viewer} onChanged={onChanged} isReply />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

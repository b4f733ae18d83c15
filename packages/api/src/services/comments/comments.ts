// Comments and ratings on offers. The rating average on the offer is recomputed from visible rated
// comments inside the same transaction as every change, so hiding or deleting one fixes it at once.
import { type Database, recountOfferRatings, transaction } from '@damso/db';
import { COMMENT_RATE, COMMENTS_PAGE_SIZE, can } from '@damso/validators';
import { sql } from 'kysely';
import { shareAnswer } from '../../shared-answers.ts';
import { catalogChanged, commentsChanged, commentsReader } from '../catalog/cache.ts';
import { type Actor, type Deps, isSignedIn, type UserActor } from '../shared/actor.ts';
import { Conflict, Forbidden, Invalid, NotFound, TooMany } from '../shared/errors.ts';

export const commentGone = () => new NotFound('This comment does not exist (any more).');
const offerGone = () => new NotFound('This offer is not available.');

/** "Chloe Client" → "Chloe C.": enough to recognise a reviewer without publishing full names. */
export function displayName(fullName: string): string {
  const [first = '', ...rest] = fullName.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]?.toUpperCase()}.` : first;
}

/**
 * Also moves the offer's updated_at, on the app's clock like every other time the admin list sorts by, and
 * renews the cached catalog and comments (catalogChanged): every hide, unhide and delete passes here.
 */
export async function recountRating(db: Database, offerId: number, now: Date) {
  await recountOfferRatings(db, { offerId, now });
  await catalogChanged(db);
}

/** An order of the client's, delivered, with this offer in it: the order rule for ratings. */
const deliveredPurchase = (db: Database, userId: number, offerId: number) =>
  db
    .selectFrom('orders as o')
    .innerJoin('order_items as i', 'i.order_id', 'o.id')
    .select('o.id')
    .where('o.user_id', '=', userId)
    .where('o.status', '=', 'delivered')
    .where('i.offer_id', '=', offerId)
    .limit(1);

/** The client's comment on this offer that carries their rating (one at most), but `except`. */
function ratedComment(db: Database, userId: number, offerId: number, except?: number) {
  let q = db
    .selectFrom('comments')
    .select('id')
    .where('offer_id', '=', offerId)
    .where('user_id', '=', userId)
    .where('rating', 'is not', null);
  if (except) q = q.where('id', '!=', except);
  return q.limit(1);
}

export async function hasDeliveredPurchase(db: Database, userId: number, offerId: number): Promise<boolean> {
  return Boolean(await deliveredPurchase(db, userId, offerId).executeTakeFirst());
}

async function ratedCommentId(db: Database, userId: number, offerId: number, except?: number) {
  return (await ratedComment(db, userId, offerId, except).executeTakeFirst())?.id ?? null;
}

/** Both of the above in one statement, for the comments a signed-in client reads. */
async function viewerOfOffer(db: Database, userId: number, offerId: number) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(deliveredPurchase(db, userId, offerId)).as('bought'),
      ratedComment(db, userId, offerId).as('ratedCommentId'),
    ])
    .executeTakeFirstOrThrow();
  return { bought: Number(row.bought) === 1, ratedCommentId: row.ratedCommentId ?? null };
}

async function checkRate(db: Database, userId: number, now: Date) {
  const { n } = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', new Date(now.getTime() - COMMENT_RATE.windowMs))
    .executeTakeFirstOrThrow();
  if (Number(n) >= COMMENT_RATE.max) {
    throw new TooMany('You have posted several comments in a short time. Please wait a few minutes.');
  }
}

async function lockOffer(db: Database, offerId: number, staff: boolean) {
  const offer = await db
    .selectFrom('offers')
    .select(['id', 'is_active'])
    .where('id', '=', offerId)
    .forUpdate()
    .executeTakeFirst();
  if (!offer || (!offer.is_active && !staff)) throw offerGone();
  return offer;
}

async function checkRating(db: Database, user: UserActor, offerId: number, commentId?: number) {
  if (!(await hasDeliveredPurchase(db, user.id, offerId))) {
    throw new Forbidden('Only clients who received this offer can rate it.');
  }
  if (await ratedCommentId(db, user.id, offerId, commentId)) {
    throw new Conflict('You already rated this offer. Edit that comment to change your rating.');
  }
}

/** One page of an offer's comments as everyone who is not staff sees them, or as staff do. */
async function commentsPage(comments: Database, offerId: number, page: number, staff: boolean) {
  const offer = await comments
    .selectFrom('offers')
    .select(['id', 'is_active'])
    .where('id', '=', offerId)
    .executeTakeFirst();
  if (!offer || (!offer.is_active && !staff)) throw offerGone();
  const columns = [
    'c.id',
    'c.parent_id as parentId',
    'c.user_id as userId',
    'c.body',
    'c.rating',
    'c.is_staff as isStaff',
    'c.verified_purchase as verifiedPurchase',
    'c.report_count as reportCount',
    'c.hidden_at as hiddenAt',
    'c.created_at as createdAt',
    'c.edited_at as editedAt',
    'u.full_name as fullName',
  ] as const;
  let top = comments.selectFrom('comments as c').where('c.offer_id', '=', offerId).where('c.parent_id', 'is', null);
  if (!staff) top = top.where('c.hidden_at', 'is', null);
  const [{ total }, rows] = await Promise.all([
    top.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    top
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(columns)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(COMMENTS_PAGE_SIZE)
      .offset((page - 1) * COMMENTS_PAGE_SIZE)
      .execute(),
  ]);
  let replyQuery = comments
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(columns)
    .where('c.offer_id', '=', offerId)
    .where('c.parent_id', 'in', rows.length ? rows.map((r) => r.id) : [0]);
  if (!staff) replyQuery = replyQuery.where('c.hidden_at', 'is', null);
  const replies = await replyQuery.orderBy('c.created_at').orderBy('c.id').execute();

  /** Who wrote each comment: never sent, it only tells a signed-in viewer which are theirs. */
  const authors = new Map<number, number>();
  const shape = (r: (typeof rows)[number]) => {
    authors.set(r.id, r.userId);
    return {
      id: r.id,
      body: r.body,
      rating: r.rating,
      author: displayName(r.fullName),
      isStaff: r.isStaff === 1,
      verifiedPurchase: r.verifiedPurchase === 1,
      createdAt: r.createdAt,
      edited: r.editedAt !== null,
      mine: false,
      // Only staff ever receive these two; for everyone else hidden rows are not even selected.
      hidden: staff ? r.hiddenAt !== null : false,
      reportCount: staff ? r.reportCount : 0,
    };
  };
  const answer = {
    items: rows.map((r) => ({ ...shape(r), replies: replies.filter((x) => x.parentId === r.id).map(shape) })),
    total: Number(total),
    page,
    pageCount: Math.max(1, Math.ceil(Number(total) / COMMENTS_PAGE_SIZE)),
    viewer: { canComment: false, canReply: false, canModerate: false, canRate: false, ratedCommentId: null },
  };
  return { answer, authors };
}

/**
 * `comments`: where the offer's comments are read (the read replica may serve them), through the
 * process's cache when `cacheEnabled` (not for staff: they also see hidden comments and report counts);
 * `db` answers what concerns the viewer (bought it, rated it), from the primary. A visitor's answer is the
 * cached one itself; a signed-in viewer's adds which comments are theirs and what they may do.
 */
export async function listComments(
  db: Database,
  actor: Actor,
  { offerId, page }: { offerId: number; page: number },
  comments: Database = db,
  cacheEnabled = false,
) {
  const viewer = isSignedIn(actor) ? actor : null;
  const staff = can(viewer?.role, 'comments:reply');
  const [{ answer, authors }, state] = await Promise.all([
    commentsReader(comments, cacheEnabled && !staff).read(`comments:${offerId}:${page}`, async (read) => {
      const loaded = await commentsPage(read, offerId, page, staff);
      return { answer: shareAnswer(loaded.answer), authors: loaded.authors };
    }),
    viewer ? viewerOfOffer(db, viewer.id, offerId) : null,
  ]);
  if (!viewer || !state) return answer;
  const mine = <T extends { id: number }>(c: T) => ({ ...c, mine: authors.get(c.id) === viewer.id });
  return {
    ...answer,
    items: answer.items.map((c) => ({ ...mine(c), replies: c.replies.map(mine) })),
    viewer: {
      canComment: viewer.emailVerified,
      canReply: staff,
      canModerate: can(viewer.role, 'admin:moderate'),
      canRate: viewer.emailVerified && state.bought,
      ratedCommentId: state.ratedCommentId,
    },
  };
}

export async function createComment(
  db: Database,
  user: UserActor,
  input: { offerId: number; body: string; rating: number | null },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    await lockOffer(trx, input.offerId, false);
    await checkRate(trx, user.id, now);
    if (input.rating !== null) await checkRating(trx, user, input.offerId);
    const purchased = await hasDeliveredPurchase(trx, user.id, input.offerId);
    const r = await trx
      .insertInto('comments')
      .values({
        offer_id: input.offerId,
        user_id: user.id,
        body: input.body,
        rating: input.rating,
        is_staff: user.role === 'client' ? 0 : 1,
        verified_purchase: purchased ? 1 : 0,
        // The flood limit compares this with the app's clock, so the app's clock writes it.
        created_at: now,
      })
      .executeTakeFirstOrThrow();
    await commentsChanged(trx);
    if (input.rating !== null) await recountRating(trx, input.offerId, now);
    return { id: Number(r.insertId) };
  });
}

async function ownComment(db: Database, user: UserActor, id: number) {
  const row = await db
    .selectFrom('comments')
    .select(['id', 'offer_id', 'user_id', 'parent_id', 'rating', 'body'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw commentGone();
  if (row.user_id !== user.id) throw new Forbidden('You can only change your own comments.');
  return row;
}

export async function updateComment(
  db: Database,
  user: UserActor,
  input: { id: number; body: string; rating: number | null },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const row = await ownComment(trx, user, input.id);
    if (row.parent_id !== null && input.rating !== null) {
      throw new Invalid('Replies cannot carry a rating.');
    }
    if (input.rating !== null && row.rating === null) await checkRating(trx, user, row.offer_id, row.id);
    await trx
      .updateTable('comments')
      .set({ body: input.body, rating: input.rating, edited_at: now })
      .where('id', '=', row.id)
      .execute();
    await commentsChanged(trx);
    if (input.rating !== row.rating) await recountRating(trx, row.offer_id, now);
    return { id: row.id };
  });
}

export async function deleteOwnComment(db: Database, user: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const row = await ownComment(trx, user, id);
    await trx.deleteFrom('comments').where('id', '=', row.id).execute();
    await recountRating(trx, row.offer_id, now);
    return { id: row.id };
  });
}

export async function replyToComment(
  db: Database,
  user: UserActor,
  input: { parentId: number; body: string },
  { now }: Deps,
) {
  return transaction(db, async (trx) => {
    const parent = await trx
      .selectFrom('comments')
      .select(['id', 'offer_id', 'parent_id'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent) throw commentGone();
    if (parent.parent_id !== null) throw new Invalid('Reply to the original comment, not to a reply.');
    await lockOffer(trx, parent.offer_id, true);
    await checkRate(trx, user.id, now);
    const r = await trx
      .insertInto('comments')
      .values({
        offer_id: parent.offer_id,
        user_id: user.id,
        parent_id: parent.id,
        body: input.body,
        is_staff: 1,
        created_at: now,
      })
      .executeTakeFirstOrThrow();
    await commentsChanged(trx);
    return { id: Number(r.insertId) };
  });
}

export async function reportComment(db: Database, user: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('comments')
      .select(['id', 'user_id', 'hidden_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.hidden_at) throw commentGone();
    if (row.user_id === user.id) throw new Invalid('You cannot report your own comment.');
    const r = await trx
      .insertInto('comment_reports')
      .ignore()
      .values({ comment_id: id, user_id: user.id, created_at: now })
      .executeTakeFirst();
    // A second report by the same person is accepted quietly but does not count twice.
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) {
      await trx.updateTable('comments').set({ report_count: sql`report_count + 1` }).where('id', '=', id).execute();
    }
    return { reported: true };
  });
}

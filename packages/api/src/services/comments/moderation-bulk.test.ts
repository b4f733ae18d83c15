// The moderation queue's bulk bar: reported comments hidden, deleted or cleared of reports together, each one
// audited; and "Dismiss reports" for one comment.
import { hashPassword } from '@damso/auth';
import { seedDemoData } from '@damso/db';
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';
import { commentsToModerate } from './moderation.ts';

let t: TestDatabase;
let admin: SessionUser;
let employee: SessionUser;
let author: SessionUser;
let offerId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db, { uploadDir: `/tmp/damso-moderation-bulk-${process.pid}`, hashPassword });
  admin = await createTestUser(t.db, { role: 'admin' });
  employee = await createTestUser(t.db, { role: 'employee' });
  author = await createTestUser(t.db);
  offerId = (await t.db.selectFrom('offers').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.drop());

async function reported(body: string, rating: number | null = null) {
  const r = await t.db
    .insertInto('comments')
    .values({ offer_id: offerId, user_id: author.id, body, rating, report_count: 2 })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}
const auditOf = (ids: number[], action: string) =>
  t.db
    .selectFrom('audit_log')
    .select('entity_id')
    .where('entity_type', '=', 'comment')
    .where('action', '=', action)
    .where('entity_id', 'in', ids.map(String))
    .execute()
    .then((rows) => rows.map((r) => Number(r.entity_id)).sort((x, y) => x - y));

describe('bulk moderation', () => {
  it('hides reported comments together: hidden in the shop, each audited, the rating recounted', async () => {
    const ids = [await reported('Spam one', 1), await reported('Spam two', 1)];
    const result = await callerFor(t.db, admin).admin.comments.moderateMany({ ids, action: 'hide' });
    expect(result).toEqual({ changed: 2, unchanged: 0 });
    const rows = await t.db.selectFrom('comments').select(['id', 'hidden_by']).where('id', 'in', ids).execute();
    expect(rows.map((r) => r.hidden_by)).toEqual([admin.id, admin.id]);
    expect(await auditOf(ids, 'comment.hide')).toEqual(ids);
    const queue = await callerFor(t.db, admin).admin.comments.queue({ tab: 'hidden', page: 1 });
    expect(queue.items.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    const offer = await t.db
      .selectFrom('offers')
      .select('rating_count')
      .where('id', '=', offerId)
      .executeTakeFirstOrThrow();
    const shown = await t.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', '=', offerId)
      .where('hidden_at', 'is', null)
      .where('rating', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(offer.rating_count).toBe(Number(shown.n));
  });

  it('deletes reported comments together, each audited; a missing one changes nothing', async () => {
    const ids = [await reported('Scam link'), await reported('Another scam link')];
    const refusal = await refusalOf(
      callerFor(t.db, admin).admin.comments.moderateMany({ ids: [...ids, 987654321], action: 'delete' }),
    );
    expect(refusal).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.selectFrom('comments').select('id').where('id', 'in', ids).execute()).toHaveLength(2);
    expect(await callerFor(t.db, admin).admin.comments.moderateMany({ ids, action: 'delete' })).toEqual({
      changed: 2,
      unchanged: 0,
    });
    expect(await t.db.selectFrom('comments').select('id').where('id', 'in', ids).execute()).toHaveLength(0);
    expect(await auditOf(ids, 'comment.delete')).toEqual(ids);
  });

  it('is refused to employees and clients', async () => {
    const ids = [await reported('Still here')];
    for (const user of [employee, author]) {
      expect(
        await refusalOf(callerFor(t.db, user).admin.comments.moderateMany({ ids, action: 'delete' })),
      ).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await t.db.selectFrom('comments').select('id').where('id', 'in', ids).execute()).toHaveLength(1);
  });

  it('dismisses the reports on one comment: still shown, off the Reported tab and the to-do count, audited', async () => {
    const id = await reported(`Fine after all ${process.pid}`, 4);
    const [first, second] = [await createTestUser(t.db), await createTestUser(t.db)];
    for (const r of [first, second]) await callerFor(t.db, r).comments.report({ id });
    const admins = callerFor(t.db, admin);
    const toDoBefore = await commentsToModerate(t.db);
    const ratingBefore = await t.db
      .selectFrom('offers')
      .select(['rating_count', 'rating_avg'])
      .where('id', '=', offerId)
      .executeTakeFirstOrThrow();
    expect(await admins.admin.comments.dismissReports({ id })).toEqual({ id, dismissed: 4 });
    const row = await t.db
      .selectFrom('comments')
      .select(['report_count', 'hidden_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ report_count: 0, hidden_at: null });
    expect(await t.db.selectFrom('comment_reports').select('id').where('comment_id', '=', id).execute()).toEqual([]);
    expect(await commentsToModerate(t.db)).toBe(toDoBefore - 1);
    const queue = await admins.admin.comments.queue({ tab: 'reported', page: 1 });
    expect(queue.items.map((c) => c.id)).not.toContain(id);
    const shop = await callerFor(t.db, null).comments.list({ offerId, page: 1 });
    expect(JSON.stringify(shop)).toContain(`Fine after all ${process.pid}`);
    expect(
      await t.db
        .selectFrom('offers')
        .select(['rating_count', 'rating_avg'])
        .where('id', '=', offerId)
        .executeTakeFirstOrThrow(),
    ).toEqual(ratingBefore);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'comment.reports_dismissed')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(admin.id);
    // A client may report it again: the dismissed reports no longer count against them.
    await callerFor(t.db, first).comments.report({ id });
    expect(
      (await t.db.selectFrom('comments').select('report_count').where('id', '=', id).executeTakeFirstOrThrow())
        .report_count,
    ).toBe(1);
  });

  it('dismisses the reports on several comments at once; one without reports is left as it was', async () => {
    const ids = [await reported('Harmless one'), await reported('Harmless two')];
    const [firstId] = ids as [number, number];
    const clean = Number(
      (
        await t.db
          .insertInto('comments')
          .values({ offer_id: offerId, user_id: author.id, body: 'Never reported' })
          .executeTakeFirstOrThrow()
      ).insertId,
    );
    const result = await callerFor(t.db, admin).admin.comments.moderateMany({
      ids: [...ids, clean],
      action: 'dismiss',
    });
    expect(result).toEqual({ changed: 2, unchanged: 1 });
    const rows = await t.db
      .selectFrom('comments')
      .select(['report_count', 'hidden_at'])
      .where('id', 'in', [...ids, clean])
      .execute();
    expect(rows).toEqual([
      { report_count: 0, hidden_at: null },
      { report_count: 0, hidden_at: null },
      { report_count: 0, hidden_at: null },
    ]);
    expect(await auditOf([...ids, clean], 'comment.reports_dismissed')).toEqual(ids);
    for (const user of [employee, author]) {
      expect(await refusalOf(callerFor(t.db, user).admin.comments.dismissReports({ id: firstId }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
  });
});

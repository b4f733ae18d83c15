// The content pages against a real database: the migration's first texts, the admin's save (stored,
// audited once, nothing for a save that changes nothing), its refusals, and who may edit.
import { createTestDatabase, type TestDatabase } from '@damso/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../context.ts';
import { callerFor, createTestUser, refusalOf } from '../../testing/index.ts';

let t: TestDatabase;
let admin: SessionUser;
let client: SessionUser;
let employee: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { role: 'admin' });
  client = await createTestUser(t.db);
  employee = await createTestUser(t.db, { role: 'employee' });
});
afterAll(() => t.drop());

const as = (user: SessionUser | null) => callerFor(t.db, user);
const auditRows = () =>
  t.db
    .selectFrom('audit_log')
    .select(['actor_id', 'entity_id', 'before_json', 'after_json'])
    .where('action', '=', 'content.page')
    .orderBy('id')
    .execute();

describe('content pages', () => {
  it('serves the first texts to visitors; the refund page states what a refund does', async () => {
    const refunds = await as(null).content.page({ slug: 'refunds' });
    expect(refunds).toMatchObject({ slug: 'refunds', title: 'Refund policy', contact: null });
    expect(refunds.body).toMatch(/paid or delivered order can be refunded/);
    expect(refunds.body).toMatch(/activation codes stop being valid/);
    expect(refunds.body).toMatch(/subscription .* is cancelled/);
    for (const slug of ['terms', 'privacy'] as const) {
      expect((await as(null).content.page({ slug })).body.length).toBeGreaterThan(50);
    }
    expect(await refusalOf(as(null).content.page({ slug: 'about' as 'terms' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it("the contact page carries the shop's contact details from the settings", async () => {
    await t.db
      .insertInto('settings')
      .values([
        { name: 'contact_email', value: 'help@damso.test', updated_by: admin.id },
        { name: 'contact_phone', value: '+4930123456', updated_by: admin.id },
      ])
      .execute();
    expect((await as(null).content.page({ slug: 'contact' })).contact).toEqual({
      shopName: 'Damso Stream',
      email: 'help@damso.test',
      phone: '+4930123456',
    });
  });

  it('saves an edit with one audit row naming what changed, and a repeat save writes nothing', async () => {
    const before = await as(admin).admin.content.pages();
    expect(before.map((p) => p.slug)).toEqual(['terms', 'privacy', 'refunds', 'contact']);
    const refunds = before.find((p) => p.slug === 'refunds');
    if (!refunds) throw new Error('no refunds page');

    const body = '# Refunds\r\n\r\nWrite to us within 14 days.  ';
    expect(await as(admin).admin.content.save({ slug: 'refunds', title: refunds.title, body })).toEqual({
      changed: ['body'],
    });
    const page = await as(null).content.page({ slug: 'refunds' });
    expect(page.body).toBe('# Refunds\n\nWrite to us within 14 days.');
    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, entity_id: 'refunds' });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toEqual({ body: page.body });
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toEqual({ body: refunds.body });
    const stored = await t.db.selectFrom('content_pages').selectAll().where('slug', '=', 'refunds').execute();
    expect(stored[0]?.updated_by).toBe(admin.id);

    // The same text again (other line ends, spaces around): no change, no row touched, no audit.
    expect(
      await as(admin).admin.content.save({
        slug: 'refunds',
        title: ` ${refunds.title} `,
        body: '# Refunds\n\nWrite to us within 14 days.\n',
      }),
    ).toEqual({ changed: [] });
    expect(await t.db.selectFrom('content_pages').selectAll().where('slug', '=', 'refunds').execute()).toEqual(stored);
    expect(await auditRows()).toHaveLength(1);
  });

  it('refuses an empty title or text field by field and stores nothing', async () => {
    const stored = await t.db.selectFrom('content_pages').selectAll().orderBy('slug').execute();
    const refusal = await refusalOf(as(admin).admin.content.save({ slug: 'terms', title: '  ', body: '\n\n' }));
    expect(refusal).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { title: 'Enter the page title.', body: 'Write the page text.' },
    });
    const long = await refusalOf(as(admin).admin.content.save({ slug: 'terms', title: 'T', body: 'x'.repeat(20_001) }));
    expect(long?.fields).toEqual({ body: 'The text is at most 20,000 characters.' });
    expect(await t.db.selectFrom('content_pages').selectAll().orderBy('slug').execute()).toEqual(stored);
  });

  it('refuses clients, employees and visitors the editor', async () => {
    const edit = { slug: 'terms' as const, title: 'Mine', body: 'Changed.' };
    expect((await refusalOf(as(client).admin.content.save(edit)))?.code).toBe('FORBIDDEN');
    expect((await refusalOf(as(employee).admin.content.pages()))?.code).toBe('FORBIDDEN');
    expect((await refusalOf(as(null).admin.content.save(edit)))?.code).toBe('UNAUTHORIZED');
    expect((await as(null).content.page({ slug: 'terms' })).title).toBe('Terms of service');
  });
});

// The shop's content pages (terms, privacy, refunds, contact): read by anyone, edited by admins. Each
// save is written with its audit row in one transaction; a save that changes nothing writes nothing.
// No cache: a page is one primary-key read, and an admin's edit must show at once on every instance.
import { type Database, transaction } from '@damso/db';
import type { ContentPageSlug, ContentPageValues } from '@damso/validators';
import { recordAudit } from '../admin/audit.ts';
import { defaultsOf, readShopSettings } from '../admin/shop-settings.ts';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { NotFound } from '../shared/errors.ts';

const missing = () => new NotFound('This page does not exist.');

async function pageRow(db: Db, slug: ContentPageSlug) {
  return db
    .selectFrom('content_pages')
    .select(['slug', 'title', 'body', 'updated_at as updatedAt'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** The public page; the contact page also carries the shop's contact details from its settings. */
export async function contentPage(db: Db, input: { slug: ContentPageSlug }, { config }: Pick<Deps, 'config'>) {
  const page = await pageRow(db, input.slug);
  if (!page) throw missing();
  if (input.slug !== 'contact') return { ...page, contact: null };
  const s = await readShopSettings(db, defaultsOf(config));
  return { ...page, contact: { shopName: s.shopName, email: s.contactEmail, phone: s.contactPhone } };
}

/** Every page for the admin's editor, in the footer's order. */
export async function contentPagesForAdmin(db: Db) {
  const rows = await db
    .selectFrom('content_pages as p')
    .leftJoin('users as u', 'u.id', 'p.updated_by')
    .select(['p.slug', 'p.title', 'p.body', 'p.updated_at as updatedAt', 'u.full_name as updatedByName'])
    .execute();
  const order = ['terms', 'privacy', 'refunds', 'contact'];
  return rows.sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
}

/** Saves the page when its title or text changed; returns which of the two did (none: nothing written). */
export async function saveContentPage(db: Database, actor: UserActor, input: ContentPageValues, { now }: Deps) {
  return transaction(db, async (trx) => {
    const current = await trx
      .selectFrom('content_pages')
      .select(['title', 'body'])
      .where('slug', '=', input.slug)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw missing();
    const changed = (['title', 'body'] as const).filter((k) => current[k] !== input[k]);
    if (changed.length === 0) return { changed };
    await trx
      .updateTable('content_pages')
      .set({ title: input.title, body: input.body, updated_at: now, updated_by: actor.id })
      .where('slug', '=', input.slug)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'content.page',
      entityType: 'content_page',
      entityId: input.slug,
      before: Object.fromEntries(changed.map((k) => [k, current[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      ip: actor.ip ?? null,
      at: now,
    });
    return { changed };
  });
}

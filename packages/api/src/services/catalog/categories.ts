// Categories for admins: create, rename, reorder and delete, each audited.
import { type Database, slugify, transaction } from '@damso/db';
import { recordAudit } from '../admin/audit.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Invalid, isDuplicateKey, NotFound } from '../shared/errors.ts';
import { catalogChanged } from './cache.ts';

const taken = () => new Conflict('A category with this name already exists.');

export async function listAdminCategories(db: Database) {
  const rows = await db
    .selectFrom('categories as c')
    .leftJoin('offers as o', 'o.category_id', 'c.id')
    .select(['c.id', 'c.slug', 'c.name', 'c.position', (eb) => eb.fn.count<number>('o.id').as('offerCount')])
    .groupBy(['c.id', 'c.slug', 'c.name', 'c.position'])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, offerCount: Number(r.offerCount) }));
}

export async function createCategory(db: Database, actor: UserActor, { name }: { name: string }, { now }: Deps) {
  const slug = slugify(name);
  if (!slug) throw new Invalid('Use at least one letter or digit in the name.');
  try {
    return await transaction(db, async (trx) => {
      const last = await trx
        .selectFrom('categories')
        .select((eb) => eb.fn.max('position').as('max'))
        .executeTakeFirst();
      const position = Number(last?.max ?? -1) + 1;
      const r = await trx
        .insertInto('categories')
        .values({ name, slug, position, created_at: now })
        .executeTakeFirstOrThrow();
      const id = Number(r.insertId);
      await catalogChanged(trx);
      await recordAudit(trx, {
        actorId: actor.id,
        ip: actor.ip,
        at: now,
        action: 'category.create',
        entityType: 'category',
        entityId: id,
        after: { name, slug, position },
      });
      return { id, slug };
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw taken();
    throw error;
  }
}

export async function renameCategory(
  db: Database,
  actor: UserActor,
  { id, name }: { id: number; name: string },
  { now }: Deps,
) {
  try {
    return await transaction(db, async (trx) => {
      const before = await trx
        .selectFrom('categories')
        .select(['name', 'slug'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new NotFound('This category does not exist (any more).');
      // The slug is kept: catalog links filtered by category must survive a rename.
      await trx.updateTable('categories').set({ name }).where('id', '=', id).execute();
      await catalogChanged(trx);
      await recordAudit(trx, {
        actorId: actor.id,
        ip: actor.ip,
        at: now,
        action: 'category.rename',
        entityType: 'category',
        entityId: id,
        before,
        after: { name, slug: before.slug },
      });
      return { id };
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw taken();
    throw error;
  }
}

export async function reorderCategories(db: Database, actor: UserActor, { ids }: { ids: number[] }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const current = await trx
      .selectFrom('categories')
      .select(['id', 'position'])
      .orderBy('position')
      .orderBy('id')
      .forUpdate()
      .execute();
    const known = new Set(current.map((c) => c.id));
    if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id))) {
      throw new Conflict('The list of categories changed meanwhile. Reload the page and try again.');
    }
    for (const [position, id] of ids.entries()) {
      await trx.updateTable('categories').set({ position }).where('id', '=', id).execute();
    }
    await catalogChanged(trx);
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: 'category.reorder',
      entityType: 'category',
      entityId: 'all',
      before: current.map((c) => c.id),
      after: ids,
    });
    return { ids };
  });
}

/**
 * Deletes a category no offer uses (shown or hidden): offers keep their category, so one in use is
 * refused with the count. Locking the row first makes an offer saved meanwhile wait for the outcome.
 */
export async function deleteCategory(db: Database, actor: UserActor, { id }: { id: number }, { now }: Deps) {
  return transaction(db, async (trx) => {
    const before = await trx
      .selectFrom('categories')
      .select(['name', 'slug', 'position'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFound('This category does not exist (any more).');
    const { n } = await trx
      .selectFrom('offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow();
    const offers = Number(n);
    if (offers > 0) {
      throw new Conflict(
        `“${before.name}” still has ${offers === 1 ? '1 offer' : `${offers} offers`}. Move ${offers === 1 ? 'it' : 'them'} to another category first, then delete it.`,
      );
    }
    await trx.deleteFrom('categories').where('id', '=', id).execute();
    await catalogChanged(trx);
    await recordAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      at: now,
      action: 'category.delete',
      entityType: 'category',
      entityId: id,
      before,
    });
    return { id };
  });
}

// The shop's settings (one row per name), changed by admins: each change is written with its audit
// row in one transaction, so the log always says who changed what from what.
import { type Database, transaction } from '@damso/db';
import type { Db, Deps, UserActor } from '../shared/actor.ts';
import { recordAudit } from './audit.ts';

/** The stored value, or null when the setting was never changed (the caller's default applies). */
export async function readSetting(db: Db, name: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

export interface SettingChange<T> {
  name: string;
  /** Reads the current value inside the change's transaction (for the audit's "before"). */
  read: (db: Db) => Promise<T>;
  /** What is stored and returned; already normalised by the caller. */
  value: string;
  /** The audit's before/after shape, e.g. (v) => ({ days: v }). */
  describe: (value: T | string) => Record<string, unknown>;
}

export async function changeSetting<T>(
  db: Database,
  actor: UserActor,
  change: SettingChange<T>,
  { now }: Deps,
): Promise<void> {
  await transaction(db, async (trx) => {
    const before = await change.read(trx);
    await trx
      .insertInto('settings')
      .values({ name: change.name, value: change.value, updated_by: actor.id })
      .onDuplicateKeyUpdate({ value: change.value, updated_by: actor.id })
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: `settings.${change.name}`,
      entityType: 'setting',
      entityId: change.name,
      before: change.describe(before),
      after: change.describe(change.value),
      ip: actor.ip ?? null,
      at: now,
    });
  });
}

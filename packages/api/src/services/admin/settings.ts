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

export interface SettingsChange {
  /** Names the audit row: `settings.<group>`. */
  group: string;
  /** Every setting's current value by name, read inside the change's transaction. */
  read: (db: Db) => Promise<Record<string, string>>;
  /** The values to store by name, already normalised; those equal to the current value are left alone. */
  values: Record<string, string>;
  deps: Deps;
  /** Runs in the same transaction once something changed (a cache version to bump). */
  onChange?: (trx: Db, changed: string[]) => Promise<void>;
}

/**
 * Several settings saved at once with one audit row that names only the ones that changed; when none
 * did, nothing is written (no row, no audit). Returns the changed names.
 */
export async function changeSettings(db: Database, actor: UserActor, change: SettingsChange): Promise<string[]> {
  return transaction(db, async (trx) => {
    const current = await change.read(trx);
    const changed = Object.keys(change.values).filter((name) => current[name] !== change.values[name]);
    if (changed.length === 0) return [];
    for (const name of changed) {
      const value = change.values[name] ?? '';
      await trx
        .insertInto('settings')
        .values({ name, value, updated_by: actor.id })
        .onDuplicateKeyUpdate({ value, updated_by: actor.id })
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: `settings.${change.group}`,
      entityType: 'setting',
      entityId: change.group,
      before: Object.fromEntries(changed.map((name) => [name, current[name]])),
      after: Object.fromEntries(changed.map((name) => [name, change.values[name]])),
      ip: actor.ip ?? null,
      at: change.deps.now,
    });
    await change.onChange?.(trx, changed);
    return changed;
  });
}

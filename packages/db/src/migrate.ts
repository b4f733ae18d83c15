import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index.ts';

function migrator<T>(db: Kysely<T>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest());
}

/** Rolls every migration back, newest first. */
export async function migrateDownAll<T>(db: Kysely<T>): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const step = unwrap(await migrator(db).migrateDown());
    if (step.length === 0) return done;
    done.push(...step);
  }
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const list = await migrator(db).getMigrations();
  return list.filter((m) => !m.executedAt).map((m) => m.name);
}

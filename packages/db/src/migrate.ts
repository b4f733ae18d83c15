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

/** Brings the schema to migration `name` exactly, up or down; a migration's test writes rows as they were before it. */
export async function migrateTo<T>(db: Kysely<T>, name: string): Promise<string[]> {
  return unwrap(await migrator(db).migrateTo(name));
}

/** The name of the migration that comes just before `name`. */
export function migrationBefore(name: string): string {
  const names = Object.keys(migrations).sort();
  const previous = names[names.indexOf(name) - 1];
  if (!previous) throw new Error(`No migration comes before ${name}`);
  return previous;
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

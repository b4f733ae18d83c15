// Checks a loaded database the way the load's disabled checks would have: every foreign key points at
// a row (read from information_schema, so new tables and keys are covered without a list here).
import type { Database } from '@damso/db';
import { sql } from 'kysely';

export interface Orphans {
  constraint: string;
  rows: number;
}

export async function orphanedForeignKeys(db: Database, database: string): Promise<Orphans[]> {
  const keys = await sql<{
    name: string;
    tbl: string;
    col: string;
    ref_tbl: string;
    ref_col: string;
  }>`SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS tbl, COLUMN_NAME AS col,
            REFERENCED_TABLE_NAME AS ref_tbl, REFERENCED_COLUMN_NAME AS ref_col
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = ${database} AND REFERENCED_TABLE_NAME IS NOT NULL`.execute(db);
  const found: Orphans[] = [];
  for (const k of keys.rows) {
    const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(k.tbl)} AS t
      LEFT JOIN ${sql.table(k.ref_tbl)} AS r ON r.${sql.ref(k.ref_col)} = t.${sql.ref(k.col)}
      WHERE t.${sql.ref(k.col)} IS NOT NULL AND r.${sql.ref(k.ref_col)} IS NULL`.execute(db);
    found.push({ constraint: `${k.tbl}.${k.col} → ${k.ref_tbl}.${k.ref_col}`, rows: Number(rows[0]?.n ?? 0) });
  }
  return found;
}

// EXPLAIN of every SELECT a request ran (as captured, with its values), and the warnings worth a look:
// a full table or index scan, a filesort or a temporary table over more than 1,000 rows. MariaDB's ANALYZE
// runs the statement and tells the rows each step really read: EXPLAIN's estimate ignores a LIMIT, so a
// count that stops at 1,000 ("1,000+") was flagged as a scan of all 980,721 orders. Where ANALYZE is not
// available (MySQL), the estimate is used.
import type { RowDataPacket } from 'mysql2';
import type { Pool } from 'mysql2/promise';
import type { Step } from './capture.ts';

export const FLAG_ROWS = 1_000;

export interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  /** EXPLAIN's estimate. */
  rows: number;
  /** Rows read per loop, as ANALYZE measured them; null when only estimated. */
  readRows: number | null;
  extra: string;
}

export interface ExplainedQuery {
  sql: string;
  plan: PlanRow[];
  flags: string[];
}

export function flagsOf(plan: PlanRow[]): string[] {
  const flags = new Set<string>();
  for (const row of plan) {
    const rows = row.readRows ?? row.rows;
    if (rows <= FLAG_ROWS) continue;
    const where = `${row.table ?? '?'} (${Math.round(rows).toLocaleString('en')} rows${row.readRows === null ? ', estimated' : ''})`;
    if (row.type === 'ALL') flags.add(`full scan of ${where}`);
    if (row.type === 'index') flags.add(`full index scan of ${where}`);
    if (/filesort/i.test(row.extra)) flags.add(`filesort on ${where}`);
    if (/temporary/i.test(row.extra)) flags.add(`temporary table on ${where}`);
  }
  return [...flags];
}

export async function explainSteps(pool: Pool, steps: Step[]): Promise<ExplainedQuery[]> {
  const explained: ExplainedQuery[] = [];
  for (const step of steps) {
    for (const s of step.statements) {
      if (!/^\s*select/i.test(s.sql)) continue;
      const rows = await pool
        .query<RowDataPacket[]>(`ANALYZE ${s.sql}`, s.values as never[])
        .catch(() => pool.query<RowDataPacket[]>(`EXPLAIN ${s.sql}`, s.values as never[]))
        .then(([r]) => r);
      const plan = rows.map((r) => ({
        table: r.table ?? null,
        type: r.type ?? null,
        key: r.key ?? null,
        rows: Number(r.rows ?? 0),
        readRows: r.r_rows === undefined || r.r_rows === null ? null : Number(r.r_rows),
        extra: String(r.Extra ?? ''),
      }));
      explained.push({ sql: s.sql, plan, flags: flagsOf(plan) });
    }
  }
  return explained;
}

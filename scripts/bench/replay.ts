// Replays a captured request's SQL on a bare mysql2 pool: the same statements, in the same parallel
// waves and transactions. A read replays verbatim. A write replays symbolically: values the app took
// from an earlier result (the new order's id, the cart line's id) or made up per request (the
// idempotency key, the time, the order number) are replaced by this replay's own, so every replayed
// checkout makes a real new order like the app's.
import type { Pool, PoolConnection } from 'mysql2/promise';
import { formatOrderNumber } from '../../packages/api/src/services/orders/common.ts';
import type { Statement, Step } from './capture.ts';

export interface Template {
  steps: Step[];
  /** Set for writes: the per-request value the app was given (the idempotency key). */
  requestKey?: string;
}

type Values = Map<unknown, unknown>;

function substitute(value: unknown, map: Values, now: Date): unknown {
  if (value instanceof Date) return now;
  if (Array.isArray(value)) return value.map((v) => substitute(v, map, now));
  if (map.has(value)) return map.get(value);
  if (typeof value === 'string') {
    let text = value;
    for (const [from, to] of map) {
      if (typeof from === 'string' && from.length >= 6 && text.includes(from)) text = text.split(from).join(String(to));
    }
    return text;
  }
  return value;
}

/** Learns which captured values became which in this replay, from the results side by side. */
function learn(captured: unknown, actual: unknown, map: Values): void {
  if (Array.isArray(captured) && Array.isArray(actual)) {
    captured.forEach((row, i) => {
      const now = actual[i] as Record<string, unknown> | undefined;
      if (!now || typeof row !== 'object' || row === null) return;
      for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
        if (/id$/i.test(column) && typeof value === 'number' && value !== now[column]) map.set(value, now[column]);
      }
    });
    return;
  }
  const before = (captured as { insertId?: number }).insertId ?? 0;
  const after = (actual as { insertId?: number }).insertId ?? 0;
  if (before > 0 && after > 0 && before !== after) {
    map.set(before, after);
    map.set(formatOrderNumber(before), formatOrderNumber(after));
  }
}

async function run(conn: Pool | PoolConnection, s: Statement, map: Values | null, now: Date) {
  const values = map ? (s.values.map((v) => substitute(v, map, now)) as never[]) : (s.values as never[]);
  const [result] = await conn.query(s.sql, values);
  if (map) learn(s.result, result, map);
  return result;
}

export async function replay(pool: Pool, template: Template, requestKey: string | null): Promise<unknown[]> {
  const now = new Date();
  const map: Values | null = template.requestKey ? new Map([[template.requestKey, requestKey ?? '']]) : null;
  const results: unknown[] = [];
  for (const step of template.steps) {
    if (step.kind === 'parallel') {
      results.push(...(await Promise.all(step.statements.map((s) => run(pool, s, map, now)))));
      continue;
    }
    const conn = await pool.getConnection();
    try {
      for (const s of step.statements) results.push(await run(conn, s, map, now));
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      conn.release();
    }
  }
  return results;
}

/** JSON that keeps Dates and Buffers, for the template file the bare server reads. */
export function encodeTemplates(templates: Record<string, Template>): string {
  return JSON.stringify(templates, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (Buffer.isBuffer(raw)) return { $buf: raw.toString('base64') };
    return value;
  });
}

export function decodeTemplates(text: string): Record<string, Template> {
  return JSON.parse(text, (_key, value) => {
    if (value && typeof value === 'object' && '$date' in value) return new Date(value.$date);
    if (value && typeof value === 'object' && '$buf' in value) return Buffer.from(value.$buf, 'base64');
    return value;
  });
}

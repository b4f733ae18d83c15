// Records the SQL the app runs for one request: the real app (buildApp) answers an injected request
// while every statement its mysql2 pool sends is recorded with its values, timing and result. The
// recording becomes a template the bare handler replays: statements that overlapped ran in parallel
// (Promise.all in a service), a transaction stays one sequence on one connection.
import { createDb, type Database, poolOf } from '@damso/db';
import { buildApp } from '@damso/server/app';
import type { Env } from '@damso/server/env';
import type { HttpCall } from './cases.ts';

export interface Statement {
  sql: string;
  values: unknown[];
  /** Rows of a SELECT, or the insert id and affected rows of a write. */
  result: unknown;
}

export type Step = { kind: 'parallel'; statements: Statement[] } | { kind: 'transaction'; statements: Statement[] };

interface Recorded extends Statement {
  connection: number;
  start: number;
  end: number;
}

type QueryFn = (sql: unknown, values?: unknown, callback?: unknown) => unknown;

export class SqlCapture {
  readonly db: Database;
  #recording: Recorded[] | null = null;
  #app: Awaited<ReturnType<typeof buildApp>> | null = null;
  readonly #env: Env;

  constructor(env: Env) {
    this.#env = env;
    this.db = createDb(env.DATABASE_URL);
    const { pool } = poolOf(this.db);
    let connections = 0;
    pool.on('connection', (conn) => {
      connections += 1;
      const id = connections;
      const original = conn.query.bind(conn) as QueryFn;
      const patched: QueryFn = (sql, values, callback) => {
        const recording = this.#recording;
        if (!recording || typeof sql !== 'string' || typeof callback !== 'function') {
          return original(sql, values, callback);
        }
        const entry: Recorded = {
          sql,
          values: (values as unknown[]) ?? [],
          result: null,
          connection: id,
          start: performance.now(),
          end: 0,
        };
        recording.push(entry);
        return original(sql, values, (error: unknown, result: unknown, fields: unknown) => {
          entry.end = performance.now();
          entry.result = summarize(result);
          (callback as (...a: unknown[]) => void)(error, result, fields);
        });
      };
      (conn as unknown as { query: QueryFn }).query = patched;
    });
  }

  async request(
    call: HttpCall,
    headers: Record<string, string>,
  ): Promise<{ status: number; steps: Step[]; body: string; cookie: string | null }> {
    this.#app ??= await buildApp({ env: this.#env, db: this.db, logger: false });
    this.#recording = [];
    const response = await this.#app.inject({
      method: call.method,
      url: call.path,
      headers: { ...headers, ...(call.body ? { 'content-type': 'application/json' } : {}) },
      ...(call.body ? { payload: call.body } : {}),
    });
    const recorded = this.#recording;
    this.#recording = null;
    const setCookie = ([] as unknown[]).concat(response.headers['set-cookie'] ?? []).map(String);
    const cookie = setCookie.find((c) => c.startsWith('damso_session='))?.split(';')[0] ?? null;
    return { status: response.statusCode, steps: toSteps(recorded), body: response.body, cookie };
  }

  /** The same pool, for EXPLAIN. */
  get pool() {
    return poolOf(this.db).pool.promise();
  }

  async close(): Promise<void> {
    await this.#app?.close();
    await this.db.destroy();
  }
}

function summarize(result: unknown): unknown {
  if (Array.isArray(result)) return result.map((row) => ({ ...row }));
  const ok = result as { insertId?: number; affectedRows?: number };
  return { insertId: ok?.insertId ?? 0, affectedRows: ok?.affectedRows ?? 0 };
}

/** Orders the statements into the steps the bare handler runs: parallel waves and transactions. */
export function toSteps(recorded: Recorded[]): Step[] {
  const steps: Step[] = [];
  const used = new Set<Recorded>();
  let waveEnd = 0;
  const sorted = [...recorded].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (used.has(r)) continue;
    if (/^begin|^start transaction/i.test(r.sql)) {
      const statements: Statement[] = [];
      for (const s of sorted) {
        if (s.connection !== r.connection || s.start < r.start || used.has(s)) continue;
        used.add(s);
        statements.push(strip(s));
        if (/^(commit|rollback)/i.test(s.sql)) break;
      }
      steps.push({ kind: 'transaction', statements });
      waveEnd = 0;
      continue;
    }
    used.add(r);
    const last = steps.at(-1);
    if (last?.kind === 'parallel' && r.start < waveEnd) {
      last.statements.push(strip(r));
      waveEnd = Math.max(waveEnd, r.end);
    } else {
      steps.push({ kind: 'parallel', statements: [strip(r)] });
      waveEnd = r.end;
    }
  }
  return steps;
}

function strip({ sql, values, result }: Recorded): Statement {
  return { sql, values, result };
}

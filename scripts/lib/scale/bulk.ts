// Bulk loading for the scale seed: rows typed by the Kysely schema (a migration that adds a required
// column breaks the build here, not the load), sent as multi-row INSERTs of ~2 MB on one connection
// whose session skips the checks the generator already guarantees (every id is assigned in memory).
// Tables are spread over a few connections so the server inserts on both cores, and at most two
// statements wait per connection, so generating the next batch overlaps the server's inserts.
import type { DB } from '@damso/db';
import type { Insertable } from 'kysely';
import { escape as escapeSql } from 'mysql2';
import type { Connection } from 'mysql2/promise';

export type Row<T extends keyof DB> = Insertable<DB[T]>;

const BATCH_BYTES = 2_000_000;
const MAX_IN_FLIGHT = 2;

class Lane {
  readonly conn: Connection;
  readonly inFlight: Promise<unknown>[] = [];

  constructor(conn: Connection) {
    this.conn = conn;
  }
}

export class Loader {
  readonly #lanes: Lane[];
  #next = 0;
  #failure: unknown = null;

  constructor(conns: Connection[]) {
    this.#lanes = conns.map((c) => new Lane(c));
  }

  /** FK and unique checks are the generator's job during the load (it assigns every id itself). */
  async begin(): Promise<void> {
    for (const lane of this.#lanes) {
      await lane.conn.query("SET time_zone = '+00:00', foreign_key_checks = 0, unique_checks = 0");
    }
  }

  /** The connection a new table's rows go through, in turn. */
  lane(): number {
    this.#next = (this.#next + 1) % this.#lanes.length;
    return this.#next;
  }

  async send(laneIndex: number, sql: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    const lane = this.#lanes[laneIndex] as Lane;
    while (lane.inFlight.length >= MAX_IN_FLIGHT) await lane.inFlight[0];
    const job = lane.conn.query(sql).then(
      () => undefined,
      (error: unknown) => {
        this.#failure ??= error;
      },
    );
    const tracked = job.finally(() => lane.inFlight.splice(lane.inFlight.indexOf(tracked), 1));
    lane.inFlight.push(tracked);
  }

  async end(): Promise<void> {
    await Promise.all(this.#lanes.flatMap((lane) => lane.inFlight));
    if (this.#failure) throw this.#failure;
    for (const lane of this.#lanes) await lane.conn.query('SET foreign_key_checks = 1, unique_checks = 1');
  }
}

/** Buffers one table's rows and sends them in large statements. Every row must have the same keys. */
export class BulkWriter<T extends keyof DB & string> {
  readonly #loader: Loader;
  readonly table: T;
  readonly #lane: number;
  #columns: string[] | null = null;
  #head = '';
  #parts: string[] = [];
  #bytes = 0;
  count = 0;

  constructor(loader: Loader, table: T) {
    this.#loader = loader;
    this.table = table;
    this.#lane = loader.lane();
  }

  /** Resolves at once unless the server is two statements behind. */
  push(row: Row<T>): Promise<void> | undefined {
    const values = Object.values(row);
    if (!this.#columns) {
      this.#columns = Object.keys(row);
      this.#head = `INSERT INTO ${this.table} (${this.#columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
    } else if (values.length !== this.#columns.length) {
      throw new Error(`${this.table}: a row has ${values.length} columns, the first had ${this.#columns.length}`);
    }
    let part = '(';
    for (let i = 0; i < values.length; i += 1) {
      if (i > 0) part += ',';
      part += escapeSql(values[i] as Parameters<typeof escapeSql>[0], false, 'Z');
    }
    part += ')';
    this.#parts.push(part);
    this.#bytes += part.length + 1;
    this.count += 1;
    return this.#bytes >= BATCH_BYTES ? this.flush() : undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.#parts.length === 0) return undefined;
    const sql = this.#head + this.#parts.join(',');
    this.#parts = [];
    this.#bytes = 0;
    return this.#loader.send(this.#lane, sql);
  }
}

/** Adds a row and waits only when the server is behind. */
export async function put<T extends keyof DB & string>(writer: BulkWriter<T>, row: Row<T>): Promise<void> {
  const wait = writer.push(row);
  if (wait) await wait;
}

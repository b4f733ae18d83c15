// The catalog is read far more often than it changes: each process keeps its recent answers (search
// pages, home, categories, offer pages, an offer's comments) in memory, one cache per database handle
// (the primary and a replica each answer from their own data), tagged with a version — the sum of the
// cache_versions shards of its names, which every transaction that changes what it shows increases
// (catalogChanged, commentsChanged). A process reads the version at most every VERSION_CHECK_MS, so
// another process's change shows within that time; after a change of its own it reads the version on
// every request for a while, so the writer (an admin saving an offer) sees the change at once. Entries
// also expire after MAX_AGE_MS, a net under anything that changed the tables without telling (a manual
// UPDATE).
import { randomInt } from 'node:crypto';
import type { Database } from '@damso/db';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { shareAnswer } from '../../shared-answers.ts';
import type { Db } from '../shared/actor.ts';

const SHARDS = 16;
const VERSION_CHECK_MS = 250;
/** After a change in this process, how long every read checks the version (covers the commit). */
const RECHECK_AFTER_CHANGE_MS = 5_000;
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 5_000;

let recheckUntil = 0;

/** What a cache's answers depend on: each name has its shards in cache_versions. */
type VersionName = 'catalog' | 'comments';

/** One row of 16 is locked until the commit, so concurrent writers seldom queue. */
async function versionChanged(db: Db, name: VersionName): Promise<void> {
  // An upsert, so a shard row missing (a name added without its migration) is made, not skipped.
  await sql`INSERT INTO cache_versions (name, shard, version) VALUES (${name}, ${randomInt(SHARDS)}, 1)
    ON DUPLICATE KEY UPDATE version = version + 1`.execute(db);
  recheckUntil = Date.now() + RECHECK_AFTER_CHANGE_MS;
}

/**
 * Call inside every transaction that changes what the catalog shows (offers, their prices, ratings,
 * sales, categories). It also renews the offers' comments (an offer taken down hides them).
 */
export function catalogChanged(db: Db): Promise<void> {
  return versionChanged(db, 'catalog');
}

/**
 * Call inside every transaction that changes what an offer's comments show to the public: a comment
 * written, edited, hidden or deleted, a reply, an author's name.
 */
export function commentsChanged(db: Db): Promise<void> {
  return versionChanged(db, 'comments');
}

/**
 * The database failed a request or the readiness probe: for a while every cached answer is checked
 * against the version first, so while the database is gone the catalog answers 503 like every other
 * request, not a page that may be stale, and it shows what changed meanwhile as soon as it is back.
 */
export function catalogCacheInDoubt(): void {
  recheckUntil = Date.now() + RECHECK_AFTER_CHANGE_MS;
}

class VersionedCache {
  private readonly entries = new LRUCache<string, { version: number; value: unknown }>({
    max: MAX_ENTRIES,
    ttl: MAX_AGE_MS,
  });
  /** One load per key and version at a time: ten shoppers opening the same page run its query once. */
  private readonly loading = new Map<string, Promise<unknown>>();
  private version = -1;
  private checkedAt = 0;
  private checking: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly names: readonly VersionName[],
  ) {}

  private currentVersion(): Promise<number> {
    const now = Date.now();
    if (now - this.checkedAt < VERSION_CHECK_MS && now > recheckUntil) return Promise.resolve(this.version);
    // Requests arriving while the version is read share that one read.
    this.checking ??= sql<{ v: string | number | null }>`SELECT SUM(version) AS v FROM cache_versions
        WHERE name IN (${sql.join(this.names)})`
      .execute(this.db)
      .then(({ rows }) => {
        this.version = Number(rows[0]?.v ?? 0);
        this.checkedAt = now;
        return this.version;
      })
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = await this.currentVersion();
    const hit = this.entries.get(key);
    if (hit?.version === version) return hit.value as T;
    const loadKey = `${version}:${key}`;
    let pending = this.loading.get(loadKey) as Promise<T> | undefined;
    if (!pending) {
      pending = load().then((value) => {
        this.entries.set(key, { version, value: shareAnswer(value) });
        return value;
      });
      this.loading.set(loadKey, pending);
      void pending.then(
        () => this.loading.delete(loadKey),
        () => this.loading.delete(loadKey),
      );
    }
    return pending;
  }
}

/** Per database handle, one cache per set of names. */
const caches = new WeakMap<Database, Map<string, VersionedCache>>();

/** Where cached reads go: the database (the replica when there is one) through this process's cache. */
export interface CatalogReader {
  read<T>(key: string, load: (db: Database) => Promise<T>): Promise<T>;
}

function versionedReader(db: Database, cacheEnabled: boolean, names: readonly VersionName[]): CatalogReader {
  if (!cacheEnabled) return { read: (_key, load) => load(db) };
  let byNames = caches.get(db);
  if (!byNames) {
    byNames = new Map();
    caches.set(db, byNames);
  }
  let cache = byNames.get(names.join());
  if (!cache) {
    cache = new VersionedCache(db, names);
    byNames.set(names.join(), cache);
  }
  const shared = cache;
  return { read: (key, load) => shared.read(key, () => load(db)) };
}

/**
 * The catalog services read through this, built once per request from the database and the cache
 * setting (off in tests that change offers behind the services' back). An answer from the cache is
 * shared between requests: callers must not change it.
 */
export function catalogReader(db: Database, cacheEnabled: boolean): CatalogReader {
  return versionedReader(db, cacheEnabled, ['catalog']);
}

/** An offer's public comments: renewed by a change to them or to the catalog (the offer itself). */
export function commentsReader(db: Database, cacheEnabled: boolean): CatalogReader {
  return versionedReader(db, cacheEnabled, ['catalog', 'comments']);
}

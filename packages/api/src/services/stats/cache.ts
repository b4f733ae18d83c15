// The statistics change with every order, but an admin does not need them to the second: each process
// keeps an answer for statsCacheSeconds (STATS_CACHE_SECONDS), and admins asking for the same range
// meanwhile share one computation — ten admins opening the dashboard at nine cost the database one.
import type { Database } from '@damso/db';
import { LRUCache } from 'lru-cache';
import { shareAnswer } from '../../shared-answers.ts';

type Load = () => Promise<object>;
const caches = new WeakMap<Database, LRUCache<string, object, Load>>();

export function cachedStats<T extends object>(
  db: Database,
  seconds: number,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  if (seconds <= 0) return load();
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache<string, object, Load>({
      max: 200,
      ttl: 60_000,
      // A failed load is not kept: the next request tries again.
      fetchMethod: async (_key, _stale, { context }) => shareAnswer(await context()),
    });
    caches.set(db, cache);
  }
  return cache.fetch(`${seconds}:${key}`, { context: load, ttl: seconds * 1000 }) as Promise<T>;
}

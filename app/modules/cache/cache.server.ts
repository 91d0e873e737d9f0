import { getDatabase, type Database } from "#db/client.server";
import { CacheRegistry, type CacheKey, type CacheOptions, type CacheStats, type Invalidation, type ScopedCache } from "./cache";

export type { CacheEntry, CacheStats, Invalidation, ScopedCache } from "./cache";

/**
 * The process's named caches (docs/decisions/028), one TtlCache per name and database. The
 * registry lives on globalThis: the Express server and the Remix server build are separate module
 * graphs and must share it (an invalidation made in a Remix action reaches the cache the Express
 * hot path reads), and tests that open another database never see entries of the previous one.
 */
const REGISTRY_KEY = Symbol.for("hongfan.caches");
type Holder = { [REGISTRY_KEY]?: CacheRegistry<Database> };

function registry(): CacheRegistry<Database> {
  const holder = globalThis as Holder;
  return (holder[REGISTRY_KEY] ??= new CacheRegistry<Database>(getDatabase));
}

/** A named cache, per database; defining a name twice (two module graphs) gives the same caches. */
export function defineCache<K extends CacheKey, V>(name: string, options: CacheOptions<V>): ScopedCache<K, V> {
  return registry().define<K, V>(name, options);
}

/** Per cache: hits, misses, evictions, expirations, invalidations (summed over databases) and the current database's size. No keys, no values. */
export function cacheStats(): CacheStats[] {
  return registry().stats();
}

/**
 * The cross-instance seam: `publisher` is called with every invalidation made on this instance
 * (none by default; scale-out plugs PostgreSQL NOTIFY in here), and whatever another instance
 * published is handed to `receiveInvalidation` (not published again).
 */
export function setInvalidationPublisher(publisher: ((message: { cache: string } & Invalidation) => void) | null): void {
  registry().publisher = publisher;
}

export function receiveInvalidation(message: { cache: string } & Invalidation): void {
  registry().receive(message);
}

/** This instance may have missed invalidations (its listener reconnected): every cache starts afresh. */
export function forgetEverything(): void {
  registry().forgetEverything();
}

/**
 * One in-memory cache (docs/decisions/028): a Map in least-recently-used order with a time to live,
 * a size bound, explicit invalidation and counters. Pure: the clock is a parameter (`now`, ms), so
 * tests move time by passing it.
 *
 * - `get` is a Map lookup and a timestamp compare (plus the move that keeps the LRU order); an
 *   expired entry answers nothing but stays until it is replaced or evicted (`peek` can still read
 *   it: a caller may carry state over to the fresh value).
 * - `invalidate` / `invalidateGroup` / `clear` are the only explicit invalidations: each bumps the
 *   generation (a load that started before it does not fill the cache: `setIfCurrent`, `getOrLoad`)
 *   and reports the invalidation to `publish` — the seam where other instances will be told.
 *   `discard` removes an entry this instance found gone (a lookup said "no such thing"): nothing to
 *   tell anybody.
 * - `getOrLoad` shares one load per key among concurrent callers; null results are not kept.
 */
export type CacheKey = string | number;

export interface CacheOptions<V> {
  /** how long an entry answers, in ms (Infinity: values that never change, bounded by `max` only) */
  ttlMs: number;
  /** at most this many entries; the least recently used goes first */
  max: number;
  /** each entry lives (1 − jitter … 1) × ttlMs at random, so entries filled together do not all expire together (default 0) */
  jitter?: number;
  /** the group of an entry (a session's person…): invalidateGroup forgets all entries of one group */
  groupOf?: (value: V) => CacheKey;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  /** entries dropped for room (the size bound) */
  evictions: number;
  /** entries that expired (counted once, when a get finds one) */
  expirations: number;
  /** explicit invalidations (a key, a group or everything), this instance's and other instances' */
  invalidations: number;
}

export type Invalidation = { op: "key"; key: CacheKey } | { op: "group"; group: CacheKey } | { op: "clear" };

export interface CacheEntry<V> {
  readonly value: V;
  /** when it was stored */
  readonly at: number;
  /** the first moment it no longer answers */
  readonly until: number;
}

interface Slot<V> {
  value: V;
  at: number;
  until: number;
  expired: boolean;
}

export function newCounters(): CacheCounters {
  return { hits: 0, misses: 0, evictions: 0, expirations: 0, invalidations: 0 };
}

export class TtlCache<K extends CacheKey, V> {
  private readonly entries = new Map<K, Slot<V>>();
  private readonly groups: Map<CacheKey, Set<K>> | null;
  private readonly pending = new Map<K, Promise<V | null>>();
  /** bumped by every invalidation: what was read before it may be stale */
  generation = 0;

  constructor(
    readonly options: CacheOptions<V>,
    readonly counters: CacheCounters = newCounters(),
    private readonly publish: (invalidation: Invalidation) => void = () => {},
    private readonly random: () => number = Math.random,
  ) {
    this.groups = options.groupOf ? new Map() : null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The fresh entry (its value, when it was stored and until when it answers), or undefined. */
  entry(key: K, now: number): CacheEntry<V> | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined) {
      this.counters.misses++;
      return undefined;
    }
    if (now >= slot.until || now < slot.at) {
      this.counters.misses++;
      if (!slot.expired) {
        slot.expired = true;
        this.counters.expirations++;
      }
      return undefined;
    }
    this.counters.hits++;
    // least recently used first out: a hit moves the entry to the end
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot;
  }

  /** The fresh value, or undefined. */
  get(key: K, now: number): V | undefined {
    return this.entry(key, now)?.value;
  }

  /** The value held for the key, fresh or expired; no counting, no reordering. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V, now: number): void {
    const old = this.entries.get(key);
    if (old !== undefined) this.remove(key, old);
    else {
      while (this.entries.size >= this.options.max && this.entries.size > 0) {
        const oldest = this.entries.keys().next().value as K;
        this.remove(oldest, this.entries.get(oldest)!);
        this.counters.evictions++;
      }
    }
    const { ttlMs, jitter = 0 } = this.options;
    const until = ttlMs === Infinity ? Infinity : now + (jitter ? Math.round(ttlMs * (1 - jitter * this.random())) : ttlMs);
    this.entries.set(key, { value, at: now, until, expired: false });
    if (this.groups) {
      const group = this.options.groupOf!(value);
      let keys = this.groups.get(group);
      if (!keys) this.groups.set(group, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Stores the value unless something was invalidated since `generation` was read (the value may predate it). */
  setIfCurrent(generation: number, key: K, value: V, now: number): boolean {
    if (generation !== this.generation) return false;
    this.set(key, value, now);
    return true;
  }

  /**
   * The fresh value, else one load shared by every caller asking for the key meanwhile. The loaded
   * value is kept (from `now`) unless it is null or something was invalidated while it loaded; a
   * failed load keeps nothing.
   */
  getOrLoad(key: K, load: (key: K) => Promise<V | null>, now: number): Promise<V | null> {
    const hit = this.get(key, now);
    if (hit !== undefined) return Promise.resolve(hit);
    let pending = this.pending.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const loading: Promise<V | null> = load(key)
      .then((value) => {
        if (value === null) this.discard(key);
        else this.setIfCurrent(generation, key, value, now);
        return value;
      })
      .finally(() => {
        if (this.pending.get(key) === loading) this.pending.delete(key);
      });
    pending = loading;
    this.pending.set(key, pending);
    return pending;
  }

  /** Loads under way (for tests and diagnostics). */
  get loading(): number {
    return this.pending.size;
  }

  /** This instance found the thing gone (or unreadable): forget the entry, tell nobody. */
  discard(key: K): void {
    const slot = this.entries.get(key);
    if (slot !== undefined) this.remove(key, slot);
  }

  /** The thing changed: forget it here and tell the other instances (the publish hook). */
  invalidate(key: K): void {
    this.apply({ op: "key", key });
    this.publish({ op: "key", key });
  }

  /** Every entry of the group changed (a person's sessions…). */
  invalidateGroup(group: CacheKey): void {
    this.apply({ op: "group", group });
    this.publish({ op: "group", group });
  }

  /** Everything may have changed. */
  clear(): void {
    this.apply({ op: "clear" });
    this.publish({ op: "clear" });
  }

  /** An invalidation (this instance's, or another instance's received through the publish seam): applied here, not published again. */
  apply(invalidation: Invalidation): void {
    this.generation++;
    this.counters.invalidations++;
    if (invalidation.op === "clear") {
      this.entries.clear();
      this.groups?.clear();
      this.pending.clear();
      return;
    }
    const keys = invalidation.op === "key" ? [invalidation.key as K] : [...(this.groups?.get(invalidation.group) ?? [])];
    for (const key of keys) {
      this.pending.delete(key);
      this.discard(key);
    }
  }

  private remove(key: K, slot: Slot<V>): void {
    this.entries.delete(key);
    if (!this.groups) return;
    const group = this.options.groupOf!(slot.value);
    const keys = this.groups.get(group);
    keys?.delete(key);
    if (keys && keys.size === 0) this.groups.delete(group);
  }
}

/** What a registry reports about one named cache (counters summed over its databases; size of the current one). */
export interface CacheStats extends CacheCounters {
  name: string;
  ttlMs: number | null;
  max: number;
  size: number;
}

/**
 * Named caches, each with one TtlCache per scope (the database: tests open several in one
 * process, and ids repeat across them). Counters are per name, summed over scopes.
 */
export class CacheRegistry<S extends object> {
  private readonly named = new Map<string, Named<S>>();
  /** called with every invalidation made on this instance (the seam for other instances); none by default */
  publisher: ((message: { cache: string } & Invalidation) => void) | null = null;

  constructor(private readonly scope: () => S) {}

  define<K extends CacheKey, V>(name: string, options: CacheOptions<V>): ScopedCache<K, V> {
    let named = this.named.get(name) as Named<S> | undefined;
    if (!named) {
      named = new Named<S>(name, options as CacheOptions<unknown>, (invalidation) => this.publisher?.({ cache: name, ...invalidation }));
      this.named.set(name, named);
    }
    const n = named;
    return {
      name,
      current: () => n.of(this.scope()) as TtlCache<K, V>,
    };
  }

  /** An invalidation another instance published: applied to the current scope's cache of that name. */
  receive(message: { cache: string } & Invalidation): void {
    this.named.get(message.cache)?.of(this.scope()).apply(message);
  }

  /** Every cache of the current scope forgets everything, told to nobody (this instance may have missed other instances' invalidations). */
  forgetEverything(): void {
    const scope = this.scope();
    for (const named of this.named.values()) named.of(scope).apply({ op: "clear" });
  }

  stats(): CacheStats[] {
    const scope = this.scope();
    return [...this.named.values()].map((n) => ({
      name: n.name,
      ttlMs: Number.isFinite(n.options.ttlMs) ? n.options.ttlMs : null,
      max: n.options.max,
      ...n.counters,
      size: n.sizeIn(scope),
    }));
  }
}

export interface ScopedCache<K extends CacheKey, V> {
  readonly name: string;
  /** the cache of the current database */
  current(): TtlCache<K, V>;
}

class Named<S extends object> {
  readonly counters = newCounters();
  private readonly byScope = new WeakMap<S, TtlCache<CacheKey, unknown>>();
  private lastScope: S | null = null;
  private lastCache: TtlCache<CacheKey, unknown> | null = null;

  constructor(
    readonly name: string,
    readonly options: CacheOptions<unknown>,
    private readonly publish: (invalidation: Invalidation) => void,
  ) {}

  of(scope: S): TtlCache<CacheKey, unknown> {
    if (scope === this.lastScope) return this.lastCache!;
    let cache = this.byScope.get(scope);
    if (!cache) this.byScope.set(scope, (cache = new TtlCache(this.options, this.counters, this.publish)));
    this.lastScope = scope;
    this.lastCache = cache;
    return cache;
  }

  sizeIn(scope: S): number {
    return this.byScope.get(scope)?.size ?? 0;
  }
}

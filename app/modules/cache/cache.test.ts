import { describe, expect, it } from "vitest";
import { CacheRegistry, TtlCache, type Invalidation } from "./cache";

const cache = <V = string>(
  options: Partial<ConstructorParameters<typeof TtlCache<string, V>>[0]> = {},
  published: Invalidation[] = [],
  random = () => 0.5,
) => new TtlCache<string, V>({ ttlMs: 1000, max: 3, ...options }, undefined, (i) => published.push(i), random);

describe("TtlCache", () => {
  it("answers within the time to live, then not (and not for a clock that went back)", () => {
    const c = cache();
    c.set("a", "A", 10_000);
    expect(c.get("a", 10_000)).toBe("A");
    expect(c.get("a", 10_999)).toBe("A");
    expect(c.get("a", 11_000)).toBeUndefined();
    expect(c.get("a", 9_999)).toBeUndefined();
    expect(c.peek("a")).toBe("A");
    expect(c.counters).toMatchObject({ hits: 2, misses: 2, expirations: 1 });
  });

  it("spreads lifetimes with jitter: (1 − jitter … 1) × ttl", () => {
    const short = cache({ jitter: 0.2 }, [], () => 1);
    short.set("a", "A", 0);
    expect(short.entry("a", 799)?.until).toBe(800);
    expect(short.get("a", 800)).toBeUndefined();
    const long = cache({ jitter: 0.2 }, [], () => 0);
    long.set("a", "A", 0);
    expect(long.get("a", 999)).toBe("A");
  });

  it("keeps values that never change without a time limit", () => {
    const c = cache({ ttlMs: Infinity });
    c.set("a", "A", 0);
    expect(c.get("a", Number.MAX_SAFE_INTEGER)).toBe("A");
  });

  it("evicts the least recently used entry when full", () => {
    const c = cache();
    c.set("a", "A", 0);
    c.set("b", "B", 0);
    c.set("c", "C", 0);
    c.get("a", 1); // a is now the most recently used
    c.set("d", "D", 1);
    expect(c.size).toBe(3);
    expect(c.peek("b")).toBeUndefined();
    expect(c.peek("a")).toBe("A");
    expect(c.counters.evictions).toBe(1);
    c.set("a", "A2", 2); // replacing evicts nothing
    expect(c.counters.evictions).toBe(1);
  });

  it("invalidates a key, a group or everything, and publishes each; discard publishes nothing", () => {
    const published: Invalidation[] = [];
    const c = new TtlCache<string, { user: number }>({ ttlMs: 1000, max: 10, groupOf: (v) => v.user }, undefined, (i) => published.push(i));
    c.set("s1", { user: 1 }, 0);
    c.set("s2", { user: 1 }, 0);
    c.set("s3", { user: 2 }, 0);
    c.set("s4", { user: 3 }, 0);
    c.invalidateGroup(1);
    expect([c.peek("s1"), c.peek("s2"), c.peek("s3")]).toEqual([undefined, undefined, { user: 2 }]);
    c.invalidate("s3");
    expect(c.peek("s3")).toBeUndefined();
    c.discard("s4");
    expect(c.size).toBe(0);
    c.set("s5", { user: 5 }, 0);
    c.clear();
    expect(c.size).toBe(0);
    expect(published).toEqual([{ op: "group", group: 1 }, { op: "key", key: "s3" }, { op: "clear" }]);
    expect(c.counters.invalidations).toBe(3);
    // the group index follows replacements and evictions
    c.set("s6", { user: 6 }, 0);
    c.set("s6", { user: 7 }, 0);
    c.invalidateGroup(6);
    expect(c.peek("s6")).toEqual({ user: 7 });
  });

  it("applies another instance's invalidation without publishing it again", () => {
    const published: Invalidation[] = [];
    const c = cache({}, published);
    c.set("a", "A", 0);
    c.apply({ op: "key", key: "a" });
    expect(c.peek("a")).toBeUndefined();
    expect(published).toEqual([]);
  });

  it("a value read before an invalidation is not stored after it", () => {
    const c = cache();
    const generation = c.generation;
    c.invalidate("a");
    expect(c.setIfCurrent(generation, "a", "old", 0)).toBe(false);
    expect(c.peek("a")).toBeUndefined();
    expect(c.setIfCurrent(c.generation, "a", "new", 0)).toBe(true);
  });

  it("getOrLoad shares one load, keeps its value, keeps neither null nor failures nor loads overtaken by an invalidation", async () => {
    const c = cache();
    let loads = 0;
    const load = (value: string | null) => () => {
      loads++;
      return Promise.resolve(value);
    };
    const [x, y] = await Promise.all([c.getOrLoad("a", load("A"), 0), c.getOrLoad("a", load("other"), 0)]);
    expect([x, y, loads]).toEqual(["A", "A", 1]);
    expect(await c.getOrLoad("a", load("again"), 500)).toBe("A");
    expect(loads).toBe(1);

    expect(await c.getOrLoad("gone", load(null), 0)).toBeNull();
    expect(c.peek("gone")).toBeUndefined();

    await expect(c.getOrLoad("bad", () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    expect(c.peek("bad")).toBeUndefined();
    expect(c.loading).toBe(0);

    let release!: (v: string) => void;
    const slow = c.getOrLoad("b", () => new Promise<string>((r) => (release = r)), 0);
    c.invalidate("b");
    // the next caller does not join the load that predates the invalidation
    const fresh = c.getOrLoad("b", load("B2"), 0);
    release("B1");
    expect(await slow).toBe("B1");
    expect(await fresh).toBe("B2");
    expect(c.peek("b")).toBe("B2");
  });
});

describe("CacheRegistry", () => {
  it("keeps one cache per scope, sums counters per name, reports sizes of the current scope, publishes with the name", () => {
    let scope = { db: 1 };
    const registry = new CacheRegistry(() => scope);
    const messages: unknown[] = [];
    registry.publisher = (m) => messages.push(m);
    const sessions = registry.define<string, string>("sessions", { ttlMs: 5000, max: 10 });
    sessions.current().set("k", "first", 0);
    expect(sessions.current().get("k", 1)).toBe("first");
    const first = scope;
    scope = { db: 2 };
    expect(sessions.current().get("k", 1)).toBeUndefined();
    // the same name defined again (another module graph) is the same cache
    expect(registry.define<string, string>("sessions", { ttlMs: 1, max: 1 }).current()).toBe(sessions.current());
    registry.define("bodies", { ttlMs: Infinity, max: 100 });
    expect(registry.stats()).toEqual([
      { name: "sessions", ttlMs: 5000, max: 10, hits: 1, misses: 1, evictions: 0, expirations: 0, invalidations: 0, size: 0 },
      { name: "bodies", ttlMs: null, max: 100, hits: 0, misses: 0, evictions: 0, expirations: 0, invalidations: 0, size: 0 },
    ]);
    scope = first;
    expect(registry.stats()[0].size).toBe(1);
    sessions.current().invalidate("k");
    expect(messages).toEqual([{ cache: "sessions", op: "key", key: "k" }]);
    sessions.current().set("k", "again", 0);
    registry.receive({ cache: "sessions", op: "clear" });
    expect(sessions.current().size).toBe(0);
    expect(messages).toHaveLength(1);
  });

  it("forgets everything of the current scope without publishing (a listener that reconnected)", () => {
    const scope = { db: 1 };
    const registry = new CacheRegistry(() => scope);
    const messages: unknown[] = [];
    registry.publisher = (m) => messages.push(m);
    const a = registry.define<string, string>("a", { ttlMs: 5000, max: 10 });
    const b = registry.define<number, string>("b", { ttlMs: Infinity, max: 10 });
    a.current().set("k", "A", 0);
    b.current().set(1, "B", 0);
    const generation = a.current().generation;
    registry.forgetEverything();
    expect([a.current().size, b.current().size]).toEqual([0, 0]);
    // a load under way when it happened does not fill the cache
    expect(a.current().setIfCurrent(generation, "k", "stale", 1)).toBe(false);
    expect(messages).toEqual([]);
  });
});

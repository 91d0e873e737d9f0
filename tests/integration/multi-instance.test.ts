import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "#db/client.server";
import { defineCache } from "~/modules/cache/cache.server";
import { INVALIDATION_CHANNEL, linkInstances, type CrossInstanceLink } from "~/modules/cache/cross-instance.server";
import { encodeInvalidations, type InvalidationMessage } from "~/modules/cache/invalidation-message";

/**
 * What several app instances on one PostgreSQL database need of the database layer (issue 15,
 * docs/decisions/032): start-ups that migrate once under an advisory lock, and cache invalidations
 * carried by LISTEN/NOTIFY. The journeys through nginx with three real instances are in
 * tests/cluster (npm run test:cluster).
 */
const adminUrl = process.env.TEST_PG_ADMIN_URL;

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!adminUrl)("several instances on one PostgreSQL database", () => {
  const name = `hf_${process.env.TEST_RUN_ID ?? "local"}_multi_${randomBytes(3).toString("hex")}`;
  let admin: postgres.Sql;
  let url: string;
  const opened: Database[] = [];

  beforeAll(async () => {
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(adminUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
  });

  afterAll(async () => {
    for (const database of opened) await database.close().catch(() => {});
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  });

  it("three instances starting at once on an empty database migrate it once, and their start-up writes never overlap", async () => {
    const inside: number[] = [];
    let running = 0;
    const start = async (i: number) => {
      const database = await openDatabase({ url, max: 2 });
      opened.push(database);
      await database.exclusive(async () => {
        running++;
        inside.push(running);
        await new Promise((resolve) => setTimeout(resolve, 50 + i * 10));
        running--;
      });
      return database;
    };
    await Promise.all([start(0), start(1), start(2)]);
    expect(inside).toEqual([1, 1, 1]);
    const check = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [{ applied, distinct }] = await check<{ applied: number; distinct: number }[]>`
        select count(*)::int as applied, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
      expect(applied).toBeGreaterThan(25);
      expect(distinct).toBe(applied);
      const [{ locks }] = await check<{ locks: number }[]>`select count(*)::int as locks from pg_locks where locktype = 'advisory'`;
      expect(locks).toBe(0);
    } finally {
      await check.end({ timeout: 5 });
    }
  });

  it("with a session URL (the pool behind PgBouncer), LISTEN and the start-up lock use a client of their own", async () => {
    const database = await openDatabase({ url, sessionUrl: url, max: 1 });
    try {
      expect(database.sessionSql).toBeDefined();
      expect(database.sessionSql).not.toBe(database.sql);
      // a pool of one is not needed by the lock: it holds a connection of its own
      expect(await database.exclusive(async () => (await database.sql!`select 1 as one`)[0].one)).toBe(1);
      const seen: InvalidationMessage[] = [];
      const link = await linkInstances(database.sessionSql!, { origin: "session", publish: false, apply: (m) => seen.push(m) });
      try {
        const [payload] = encodeInvalidations("elsewhere", [{ cache: "sessions", op: "clear" }]);
        await database.sql!`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
        await until(() => seen.length === 1);
      } finally {
        await link.stop();
      }
    } finally {
      await database.close();
    }
  });

  describe("cache invalidation through LISTEN/NOTIFY", () => {
    let database: Database;
    let here: CrossInstanceLink;
    let other: CrossInstanceLink;
    let otherSql: postgres.Sql;
    const seenThere: InvalidationMessage[] = [];
    const probe = defineCache<string, string>("crossInstanceProbe", { ttlMs: 60_000, max: 10, groupOf: (v) => v.split(":")[0] });

    beforeAll(async () => {
      database = opened[0] ?? (await openDatabase({ url, max: 2 }));
      setDatabase(database);
      here = await linkInstances(database.sql!, { origin: "here" });
      // "another instance": its own connection, recording what it would apply instead of applying it
      otherSql = postgres(url, { max: 1, onnotice: () => {} });
      other = await linkInstances(otherSql, { origin: "other", publish: false, apply: (m) => seenThere.push(m) });
    });

    afterAll(async () => {
      await here.stop();
      await other.stop();
      await otherSql.end({ timeout: 5 });
    });

    it("an invalidation made here reaches the other instance, in order; this one skips its own", async () => {
      probe.current().invalidate("a");
      probe.current().invalidateGroup("17");
      await until(() => seenThere.length >= 2);
      expect(seenThere).toEqual([
        { cache: "crossInstanceProbe", op: "key", key: "a" },
        { cache: "crossInstanceProbe", op: "group", group: "17" },
      ]);
      await here.flushed();
      expect(here.counters).toMatchObject({ sent: 2, sendFailures: 0, received: 0 });
    });

    it("another instance's invalidation is applied here: the entry is gone, and a read under way cannot bring it back", async () => {
      const cache = probe.current();
      cache.set("s1", "17:one", Date.now());
      cache.set("s2", "17:two", Date.now());
      cache.set("s3", "18:three", Date.now());
      const generation = cache.generation;
      const [payload] = encodeInvalidations("third", [{ cache: "crossInstanceProbe", op: "group", group: "17" }]);
      await otherSql`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
      await until(() => cache.peek("s1") === undefined);
      expect(cache.peek("s2")).toBeUndefined();
      expect(cache.peek("s3")).toBe("18:three");
      expect(cache.setIfCurrent(generation, "s1", "17:stale", Date.now())).toBe(false);
    });

    it("drops payloads that are not invalidations", async () => {
      const before = here.counters.malformed;
      await otherSql`select pg_notify(${INVALIDATION_CHANNEL}, ${"hello"})`;
      await until(() => here.counters.malformed > before);
    });

    it("after its LISTEN connection dropped, an instance forgets every cache (it may have missed invalidations)", async () => {
      const cache = probe.current();
      cache.set("kept?", "19:x", Date.now());
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
                   where datname = ${name} and query ilike ${`listen%${INVALIDATION_CHANNEL}%`}`;
      await until(() => here.counters.relistens === 1, 10_000);
      expect(here.listening()).toBe(true);
      expect(cache.peek("kept?")).toBeUndefined();
      // and it hears the others again
      seenThere.length = 0;
      probe.current().invalidate("after");
      await until(() => seenThere.length === 1, 10_000);
    });
  });
});

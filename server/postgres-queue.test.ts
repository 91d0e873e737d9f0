import { describe, expect, it } from "vitest";

/**
 * postgres.js 3.4.9 ships a pool queue that keeps every consumed slot while it is not fully
 * drained and scans from slot 0 on remove() (porsager/postgres#747): under sustained load it grows
 * by one slot per query and throughput falls. patches/postgres+3.4.9.patch (applied by
 * `postinstall: patch-package`) fixes it; these tests fail on the stock file, so they also prove
 * that `npm ci` applied the patch.
 */
type QueueFactory = <T>(initial?: T[]) => { readonly length: number; push(x: T): T; shift(): T | undefined; remove(x: T): T | null };

/** An array that records the largest size it had whenever the queue searched it. */
class Watched<T> extends Array<T> {
  static largest = 0;
  indexOf(x: T, from?: number): number {
    Watched.largest = Math.max(Watched.largest, this.length);
    return super.indexOf(x, from);
  }
}

const builds = [
  ["ESM (src/)", "../node_modules/postgres/src/queue.js"],
  ["CommonJS (cjs/src/)", "../node_modules/postgres/cjs/src/queue.js"],
] as const;

for (const [label, path] of builds) {
  describe(`postgres.js pool queue, ${label}`, () => {
    const load = async (): Promise<QueueFactory> => {
      const mod = (await import(/* @vite-ignore */ new URL(path, import.meta.url).href)) as { default: QueueFactory };
      return mod.default;
    };

    it("is first in, first out; remove takes an element out; an empty queue shifts nothing", async () => {
      const Queue = await load();
      const q = Queue<string>();
      q.push("a");
      q.push("b");
      q.push("c");
      expect(q.length).toBe(3);
      expect(q.shift()).toBe("a");
      expect(q.remove("c")).toBe("c");
      expect(q.remove("c")).toBeNull();
      expect(q.length).toBe(1);
      expect(q.shift()).toBe("b");
      expect(q.length).toBe(0);
      expect(q.shift()).toBeUndefined();
      expect(q.length).toBe(0);
      q.push("d");
      expect([q.length, q.shift()]).toEqual([1, "d"]);
    });

    it("stays small when it never drains (a busy pool moving its connections around)", async () => {
      const Queue = await load();
      const connections = Array.from({ length: 10 }, (_, i) => ({ id: i }));
      Watched.largest = 0;
      const busy = Queue(Watched.from(connections));
      for (let i = 0; i < 20_000; i++) {
        // what the pool does per query: take a connection, move it (remove from its queue), put it back
        const c = busy.shift()!;
        expect(busy.remove(c)).toBeNull();
        busy.push(c);
      }
      expect(busy.length).toBe(10);
      const seen = new Set<number>();
      for (let i = 0; i < 10; i++) seen.add(busy.shift()!.id);
      expect(seen.size).toBe(10);
      // stock 3.4.9: 20,010 slots; patched: consumed slots are dropped once they are half the array
      expect(Watched.largest).toBeLessThan(200);
    });
  });
}

import { describe, expect, it } from "vitest";
import { RateWindow } from "./rate-window";

describe("RateWindow", () => {
  it("allows `limit` per key per window, then says when to come back", () => {
    const w = new RateWindow({ limit: 3, windowMs: 60_000, maxKeys: 100 });
    expect([1, 2, 3].map(() => w.take("a", 1000).allowed)).toEqual([true, true, true]);
    expect(w.take("a", 21_000)).toEqual({ allowed: false, retryAfterMs: 40_000 });
    expect(w.take("b", 21_000).allowed).toBe(true);
    expect(w.take("a", 61_000)).toEqual({ allowed: true, remaining: 2 });
  });

  it("stays bounded: ended windows go first, then the oldest key", () => {
    const w = new RateWindow({ limit: 1, windowMs: 1000, maxKeys: 2 });
    w.take("a", 0);
    w.take("b", 500);
    w.take("c", 1200); // a's window ended: a goes
    expect(w.size).toBe(2);
    expect(w.take("b", 1300).allowed).toBe(false);
    w.take("d", 1300); // none ended: the oldest (b) goes
    expect(w.size).toBe(2);
    expect(w.take("b", 1300).allowed).toBe(true);
  });
});

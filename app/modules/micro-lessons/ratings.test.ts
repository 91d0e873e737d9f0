import { describe, expect, it } from "vitest";
import { averageOf, isValidStars, mayRate, summariseRatings } from "./ratings";

describe("ratings", () => {
  it("accepts whole stars 1–5 only", () => {
    expect([1, 2, 3, 4, 5].every(isValidStars)).toBe(true);
    for (const bad of [0, 6, 2.5, "3", null, Number.NaN]) expect(isValidStars(bad)).toBe(false);
  });
  it("averages to one decimal, none without ratings", () => {
    expect(summariseRatings([])).toEqual({ count: 0, average: null });
    expect(summariseRatings([5, 4, 4])).toEqual({ count: 3, average: 4.3 });
    expect(summariseRatings([5, 9, 0])).toEqual({ count: 1, average: 5 });
    expect(averageOf(13, 3)).toBe(4.3);
    expect(averageOf(0, 0)).toBeNull();
  });
  it("lets a learner rate after studying, never the author", () => {
    expect(mayRate({ isAuthor: false, creditedSeconds: 12 })).toEqual({ ok: true });
    expect(mayRate({ isAuthor: false, creditedSeconds: 0 })).toEqual({ ok: false, reason: "notStudied" });
    expect(mayRate({ isAuthor: true, creditedSeconds: 100 })).toEqual({ ok: false, reason: "ownLesson" });
  });
});

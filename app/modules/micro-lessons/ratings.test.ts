import { describe, expect, it } from "vitest";
import { averageOf, isValidStars, mayRate } from "./ratings";

describe("ratings", () => {
  it("accepts whole stars 1–5 only", () => {
    expect([1, 2, 3, 4, 5].every(isValidStars)).toBe(true);
    for (const bad of [0, 6, 2.5, "3", null, Number.NaN]) expect(isValidStars(bad)).toBe(false);
  });
  it("averages to one decimal, none without ratings", () => {
    expect(averageOf(13, 3)).toBe(4.3);
    expect(averageOf(5, 1)).toBe(5);
    expect(averageOf(7, 2)).toBe(3.5);
    expect(averageOf(0, 0)).toBeNull();
  });
  it("lets a learner rate after studying, never the author", () => {
    expect(mayRate({ isAuthor: false, creditedSeconds: 12 })).toEqual({ ok: true });
    expect(mayRate({ isAuthor: false, creditedSeconds: 0 })).toEqual({ ok: false, reason: "notStudied" });
    expect(mayRate({ isAuthor: true, creditedSeconds: 100 })).toEqual({ ok: false, reason: "ownLesson" });
  });
});

import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "./proctor";

describe("formatTimeLeft", () => {
  const now = Date.UTC(2026, 4, 1, 1, 0, 0);
  it("shows minutes and seconds, and hours when there are any", () => {
    expect(formatTimeLeft(now + 59_999, now)).toBe("0:59");
    expect(formatTimeLeft(now + 10 * 60_000, now)).toBe("10:00");
    expect(formatTimeLeft(now + 3600_000 + 5 * 60_000 + 7_000, now)).toBe("1:05:07");
  });
  it("is null once the deadline has passed or without a deadline", () => {
    expect(formatTimeLeft(now, now)).toBeNull();
    expect(formatTimeLeft(now - 1000, now)).toBeNull();
    expect(formatTimeLeft(null, now)).toBeNull();
  });
});

import { countLeaves, LEAVE_MIN_MS, personalBlockers } from "./proctor";

describe("countLeaves", () => {
  const t0 = Date.UTC(2026, 4, 1, 1, 0, 0);
  const ev = (kind: string, s: number) => ({ kind, atMs: t0 + s * 1000 });
  it("does not count a reload: hidden for under a second, then the new page says visible", () => {
    expect(countLeaves([ev("visible", 0), ev("hidden", 10), ev("visible", 10.6)], t0 + 60_000)).toEqual({ leaves: 0, awayMs: 0 });
    // Some browsers blur first.
    expect(countLeaves([ev("blur", 10), ev("hidden", 10.01), ev("visible", 10.8)], t0 + 60_000).leaves).toBe(0);
  });
  it("counts another tab or app for more than two seconds, and the time away", () => {
    expect(countLeaves([ev("blur", 10), ev("hidden", 10.01), ev("visible", 25)], t0 + 60_000)).toEqual({ leaves: 1, awayMs: 15_000 });
    expect(countLeaves([ev("hidden", 10), ev("visible", 10 + LEAVE_MIN_MS / 1000)], t0 + 60_000).leaves).toBe(0);
    expect(countLeaves([ev("hidden", 10), ev("visible", 13), ev("hidden", 20), ev("visible", 30)], t0 + 60_000)).toEqual({
      leaves: 2,
      awayMs: 13_000,
    });
  });
  it("counts a page still hidden now once it has been away long enough", () => {
    expect(countLeaves([ev("hidden", 10)], t0 + 11_000).leaves).toBe(0);
    expect(countLeaves([ev("hidden", 10)], t0 + 15_000)).toEqual({ leaves: 1, awayMs: 5_000 });
  });
  it("counts a blur while the page stayed visible (another window over the exam)", () => {
    expect(countLeaves([ev("blur", 10), ev("visible", 10.5)], t0 + 60_000).leaves).toBe(1);
    expect(countLeaves([ev("blur", 10)], t0 + 60_000).leaves).toBe(1);
    // ... but a blur a moment ago may still be a reload starting.
    expect(countLeaves([ev("blur", 10)], t0 + 10_500).leaves).toBe(0);
    // A blur long before a hide is its own leave.
    expect(countLeaves([ev("blur", 10), ev("hidden", 20), ev("visible", 20.5)], t0 + 60_000).leaves).toBe(1);
  });
  it("ignores extra time and closes a hide at the next sign of the candidate", () => {
    expect(countLeaves([ev("hidden", 10), ev("extra_time", 11), ev("resume", 11.5)], t0 + 60_000).leaves).toBe(0);
    expect(countLeaves([ev("hidden", 10), ev("submitted", 40)], t0 + 60_000)).toEqual({ leaves: 1, awayMs: 30_000 });
  });
});

describe("personalBlockers", () => {
  it("keeps the person's reasons and drops the sitting's", () => {
    const blockers = [
      { code: "hoursShort" },
      { code: "notOpenYet" },
      { code: "noAttemptsLeft" },
      { code: "full" },
      { code: "closed" },
      { code: "sittingNotPublished" },
      { code: "examNotPublished" },
    ];
    expect(personalBlockers(blockers).map((b) => b.code)).toEqual(["hoursShort", "noAttemptsLeft"]);
  });
});

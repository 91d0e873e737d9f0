import { describe, expect, it } from "vitest";
import {
  ARRIVAL_AFTER_OPENING_MS,
  ARRIVAL_LEAD_MS,
  countdown,
  FAR_REFRESH_SECONDS,
  isWaiting,
  isWaitingRoom,
  jitterOf,
  NEAR_REFRESH_JITTER_SECONDS,
  NEAR_REFRESH_SECONDS,
  OPENING_JITTER_SECONDS,
  recordsArrival,
  refreshDelaySeconds,
  sameShanghaiDay,
  WAITING_WINDOW_MS,
  waitingCutoff,
} from "./waiting-room";

// 2026-12-08 09:00 in Shanghai
const opensAt = new Date("2026-12-08T01:00:00Z");
const closesAt = new Date("2026-12-08T03:00:00Z");
const before = (ms: number) => new Date(opensAt.getTime() - ms);
const who = { userId: 42, sittingId: 7 };

describe("countdown", () => {
  it("counts seconds in the last minute, rounded up, and says open at the opening", () => {
    expect(countdown(opensAt, before(60_000))).toEqual({ unit: "seconds", seconds: 60 });
    expect(countdown(opensAt, before(59_001))).toEqual({ unit: "seconds", seconds: 60 });
    expect(countdown(opensAt, before(1))).toEqual({ unit: "seconds", seconds: 1 });
    expect(countdown(opensAt, opensAt)).toEqual({ unit: "open" });
    expect(countdown(opensAt, before(-5_000))).toEqual({ unit: "open" });
  });

  it("counts whole minutes rounded up below an hour, then hours and minutes, then days and hours", () => {
    expect(countdown(opensAt, before(60_001))).toEqual({ unit: "minutes", minutes: 2 });
    expect(countdown(opensAt, before(5 * 60_000))).toEqual({ unit: "minutes", minutes: 5 });
    expect(countdown(opensAt, before(59 * 60_000 + 1))).toEqual({ unit: "hours", hours: 1, minutes: 0 });
    expect(countdown(opensAt, before(59 * 60_000))).toEqual({ unit: "minutes", minutes: 59 });
    expect(countdown(opensAt, before(150 * 60_000))).toEqual({ unit: "hours", hours: 2, minutes: 30 });
    expect(countdown(opensAt, before(24 * 3600_000))).toEqual({ unit: "days", days: 1, hours: 0 });
    expect(countdown(opensAt, before(50 * 3600_000 + 1))).toEqual({ unit: "days", days: 2, hours: 2 });
  });
});

describe("jitterOf", () => {
  it("is fixed for a person and a sitting, within the spread, and spread over people", () => {
    expect(jitterOf(42, 7, 10)).toBe(jitterOf(42, 7, 10));
    const seen = new Map<number, number>();
    for (let userId = 1; userId <= 1000; userId++) {
      const j = jitterOf(userId, 7, 10);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(10);
      seen.set(j, (seen.get(j) ?? 0) + 1);
    }
    // every value taken, none by more than twice its share
    expect(seen.size).toBe(10);
    for (const n of seen.values()) expect(n).toBeLessThan(200);
    expect(jitterOf(42, 7, 1)).toBe(0);
  });
});

describe("refreshDelaySeconds", () => {
  it("lands 1 to OPENING_JITTER_SECONDS s after the opening when that is within the cap", () => {
    for (const userId of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const delay = refreshDelaySeconds(opensAt, before(20_000), { userId, sittingId: 7 })!;
      expect(delay).toBeGreaterThanOrEqual(21);
      expect(delay).toBeLessThanOrEqual(20 + OPENING_JITTER_SECONDS);
    }
    // a fraction of a second left: still after the opening
    expect(refreshDelaySeconds(opensAt, before(300), who)).toBeGreaterThanOrEqual(2);
  });

  it("is capped near the opening at about a minute, with the person's jitter, never past the opening", () => {
    const delay = refreshDelaySeconds(opensAt, before(30 * 60_000), who)!;
    expect(delay).toBe(NEAR_REFRESH_SECONDS - jitterOf(who.userId, who.sittingId, NEAR_REFRESH_JITTER_SECONDS));
    expect(delay).toBeGreaterThan(NEAR_REFRESH_SECONDS - NEAR_REFRESH_JITTER_SECONDS);
    expect(delay).toBeLessThanOrEqual(NEAR_REFRESH_SECONDS);
    // 65 s left: whichever comes first, the cap or just after the opening
    expect(refreshDelaySeconds(opensAt, before(65_000), who)).toBeLessThanOrEqual(
      Math.min(NEAR_REFRESH_SECONDS, 65 + OPENING_JITTER_SECONDS),
    );
  });

  it("checks in every few minutes while the opening is hours away, and not at all once open", () => {
    const delay = refreshDelaySeconds(opensAt, before(ARRIVAL_LEAD_MS + 60_000), who)!;
    expect(delay).toBeGreaterThan(FAR_REFRESH_SECONDS - 30);
    expect(delay).toBeLessThanOrEqual(FAR_REFRESH_SECONDS);
    expect(refreshDelaySeconds(opensAt, opensAt, who)).toBeNull();
    expect(refreshDelaySeconds(opensAt, before(-1), who)).toBeNull();
  });

  it("spreads a thousand people over the last minute's interval instead of one second", () => {
    const delays = new Set<number>();
    for (let userId = 1; userId <= 1000; userId++) delays.add(refreshDelaySeconds(opensAt, before(10 * 60_000), { userId, sittingId: 7 })!);
    expect(delays.size).toBe(NEAR_REFRESH_JITTER_SECONDS);
    const atOpening = new Set<number>();
    for (let userId = 1; userId <= 1000; userId++) atOpening.add(refreshDelaySeconds(opensAt, before(30_000), { userId, sittingId: 7 })!);
    expect(atOpening.size).toBe(OPENING_JITTER_SECONDS);
  });
});

describe("isWaitingRoom", () => {
  it("only when the opening is the one thing in the way", () => {
    expect(isWaitingRoom([{ code: "notOpenYet" }])).toBe(true);
    expect(isWaitingRoom([])).toBe(false);
    expect(isWaitingRoom([{ code: "notOpenYet" }, { code: "hoursShort" }])).toBe(false);
    expect(isWaitingRoom([{ code: "closed" }])).toBe(false);
  });
});

describe("recordsArrival", () => {
  const base = { opensAt, closesAt, blockers: [{ code: "notOpenYet" as const }], hasAttemptInProgress: false };

  it("from two hours before the opening to half an hour after it, before the close", () => {
    expect(recordsArrival({ ...base, now: before(ARRIVAL_LEAD_MS) })).toBe(true);
    expect(recordsArrival({ ...base, now: before(ARRIVAL_LEAD_MS + 1) })).toBe(false);
    expect(recordsArrival({ ...base, now: before(60_000) })).toBe(true);
    expect(recordsArrival({ ...base, blockers: [], now: before(-60_000) })).toBe(true);
    expect(recordsArrival({ ...base, blockers: [], now: before(-ARRIVAL_AFTER_OPENING_MS + 1) })).toBe(true);
    expect(recordsArrival({ ...base, blockers: [], now: before(-ARRIVAL_AFTER_OPENING_MS) })).toBe(false);
    const shortSitting = new Date(opensAt.getTime() + 10 * 60_000);
    expect(recordsArrival({ ...base, closesAt: shortSitting, blockers: [], now: shortSitting })).toBe(false);
  });

  it("not for someone another blocker keeps out, nor for an attempt in progress", () => {
    expect(recordsArrival({ ...base, blockers: [{ code: "notOpenYet" }, { code: "hoursShort" }], now: before(60_000) })).toBe(false);
    expect(recordsArrival({ ...base, blockers: [{ code: "full" }], now: before(-60_000) })).toBe(false);
    expect(recordsArrival({ ...base, hasAttemptInProgress: true, blockers: [], now: before(-60_000) })).toBe(false);
  });
});

describe("the waiting window", () => {
  const now = new Date("2026-12-08T00:58:00Z");
  it("counts an arrival seen within the last three minutes without an attempt", () => {
    expect(waitingCutoff(now).getTime()).toBe(now.getTime() - WAITING_WINDOW_MS);
    expect(isWaiting({ lastSeenAt: new Date(now.getTime() - WAITING_WINDOW_MS + 1), hasAttempt: false }, now)).toBe(true);
    expect(isWaiting({ lastSeenAt: now, hasAttempt: false }, now)).toBe(true);
    expect(isWaiting({ lastSeenAt: new Date(now.getTime() - WAITING_WINDOW_MS), hasAttempt: false }, now)).toBe(false);
    expect(isWaiting({ lastSeenAt: now, hasAttempt: true }, now)).toBe(false);
  });
  it("outlasts the page's own refresh interval, so a page left open keeps counting", () => {
    expect(WAITING_WINDOW_MS).toBeGreaterThan(2 * NEAR_REFRESH_SECONDS * 1000);
  });
});

describe("sameShanghaiDay", () => {
  it("compares calendar days in China Standard Time", () => {
    expect(sameShanghaiDay(new Date("2026-12-07T16:00:00Z"), new Date("2026-12-08T15:59:59Z"))).toBe(true);
    expect(sameShanghaiDay(new Date("2026-12-07T15:59:59Z"), new Date("2026-12-07T16:00:00Z"))).toBe(false);
  });
});

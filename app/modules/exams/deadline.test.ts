import { describe, expect, it } from "vitest";
import { acceptsSave, clockOffsetMs, countedSteps, deadlineFor, finishedAtFor, isExpired, lastSaveAt, secondsLeft } from "./deadline";
import { DEFAULT_SAVE_GRACE_SECONDS } from "./types";

const t = (iso: string) => new Date(iso);

describe("deadlineFor", () => {
  it("is start + duration when the sitting closes later", () => {
    expect(deadlineFor(t("2026-06-01T01:00:00Z"), 60, t("2026-06-01T05:00:00Z"))).toEqual(t("2026-06-01T02:00:00Z"));
  });
  it("is the sitting's close when the candidate starts late", () => {
    expect(deadlineFor(t("2026-06-01T04:30:00Z"), 60, t("2026-06-01T05:00:00Z"))).toEqual(t("2026-06-01T05:00:00Z"));
  });
  it("keeps milliseconds", () => {
    expect(deadlineFor(t("2026-06-01T01:00:00.123Z"), 1, t("2026-06-02T00:00:00Z"))).toEqual(t("2026-06-01T01:01:00.123Z"));
  });
});

describe("acceptsSave and isExpired", () => {
  const deadline = t("2026-06-01T02:00:00Z");
  it("accept until the deadline plus the grace, inclusive", () => {
    expect(DEFAULT_SAVE_GRACE_SECONDS).toBe(15);
    expect(acceptsSave(deadline, t("2026-06-01T01:59:59Z"))).toBe(true);
    expect(acceptsSave(deadline, t("2026-06-01T02:00:15Z"))).toBe(true);
    expect(acceptsSave(deadline, t("2026-06-01T02:00:15.001Z"))).toBe(false);
    expect(acceptsSave(deadline, t("2026-06-01T02:00:01Z"), 0)).toBe(false);
    expect(acceptsSave(deadline, t("2026-06-01T02:00:29Z"), 30)).toBe(true);
    expect(isExpired(deadline, t("2026-06-01T02:00:15Z"))).toBe(false);
    expect(isExpired(deadline, t("2026-06-01T02:00:16Z"))).toBe(true);
    expect(lastSaveAt(deadline)).toEqual(t("2026-06-01T02:00:15Z"));
  });
});

describe("finishedAtFor", () => {
  const deadline = t("2026-06-01T02:00:00Z");
  it("is the submission time before the deadline", () => {
    expect(finishedAtFor(deadline, t("2026-06-01T01:30:00Z"))).toEqual(t("2026-06-01T01:30:00Z"));
  });
  it("is the deadline for anything later (a sweeper hours later, a submit in the grace period)", () => {
    expect(finishedAtFor(deadline, t("2026-06-01T02:00:10Z"))).toEqual(deadline);
    expect(finishedAtFor(deadline, t("2026-06-03T00:00:00Z"))).toEqual(deadline);
    expect(finishedAtFor(deadline, deadline)).toEqual(deadline);
  });
});

describe("countedSteps", () => {
  it("drops steps stored after deadline + grace", () => {
    const deadline = t("2026-06-01T02:00:00Z");
    const steps = [
      { seq: 1, at: t("2026-06-01T01:59:00Z") },
      { seq: 2, at: t("2026-06-01T02:00:15Z") },
      { seq: 3, at: t("2026-06-01T02:00:16Z") },
    ];
    expect(countedSteps(steps, deadline).map((s) => s.seq)).toEqual([1, 2]);
    expect(countedSteps(steps, deadline, 0).map((s) => s.seq)).toEqual([1]);
  });
});

describe("clock skew on the page", () => {
  const deadline = Date.parse("2026-06-01T02:00:00Z");
  const server = Date.parse("2026-06-01T01:00:00Z");

  it("estimates the offset from the round-trip midpoint", () => {
    // client clock 5 minutes behind: sent 00:54:59.9, received 00:55:00.1 (client time)
    expect(clockOffsetMs(server, server - 300_000 - 100, server - 300_000 + 100)).toBe(300_000);
    // client clock 2 minutes ahead
    expect(clockOffsetMs(server, server + 120_000 - 400, server + 120_000 + 400)).toBe(-120_000);
    // an asymmetric round trip: the estimate is off by at most half of it
    expect(Math.abs(clockOffsetMs(server, server - 1000, server + 0) - 0)).toBeLessThanOrEqual(500);
  });

  it("counts down from the server's deadline whichever way the client's clock is wrong", () => {
    // client behind by 5 min: its clock reads 00:55, the server's 01:00 → 3,600 s left
    expect(secondsLeft(deadline, server - 300_000, 300_000)).toBe(3600);
    // client ahead by 2 min: its clock reads 01:02
    expect(secondsLeft(deadline, server + 120_000, -120_000)).toBe(3600);
    // without correction a fast client would show 2 minutes less
    expect(secondsLeft(deadline, server + 120_000, 0)).toBe(3480);
  });

  it("floors to whole seconds and never goes below zero", () => {
    expect(secondsLeft(deadline, deadline - 1500, 0)).toBe(1);
    expect(secondsLeft(deadline, deadline - 999, 0)).toBe(0);
    expect(secondsLeft(deadline, deadline + 60_000, 0)).toBe(0);
    expect(secondsLeft(deadline, deadline, 30_000)).toBe(0);
  });
});

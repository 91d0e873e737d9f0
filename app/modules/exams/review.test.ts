import { describe, expect, it } from "vitest";
import { reviewDecision, type ReviewInput } from "./review";

const now = new Date("2026-06-01T02:00:00Z");
const sittingClosesAt = new Date("2026-06-01T06:00:00Z");
const nextSittingCloses = new Date("2026-06-20T06:00:00Z");
const earlier = new Date("2026-05-30T06:00:00Z");

const input = (overrides: Partial<ReviewInput> = {}): ReviewInput => ({
  policy: "after_release",
  released: true,
  sittingClosesAt,
  retakeUntil: null,
  now,
  ...overrides,
});

describe("reviewDecision", () => {
  it("follows the policy when no retake is possible", () => {
    expect(reviewDecision(input())).toEqual({ open: true });
    expect(reviewDecision(input({ policy: "never" }))).toEqual({ open: false, reason: "never" });
    expect(reviewDecision(input({ released: false }))).toEqual({ open: false, reason: "notReleased" });
    expect(reviewDecision(input({ policy: "after_close" }))).toEqual({ open: false, reason: "sittingOpen", at: sittingClosesAt });
    expect(reviewDecision(input({ policy: "after_close", now: sittingClosesAt }))).toEqual({ open: true });
  });

  it("waits while the candidate may still sit the exam again (attempts left, a sitting open)", () => {
    // two attempts allowed, the first released: no answers before the second
    expect(reviewDecision(input({ retakeUntil: sittingClosesAt }))).toEqual({ open: false, reason: "retakePossible", at: sittingClosesAt });
    // a later sitting of the same exam keeps it closed until that one closes
    expect(reviewDecision(input({ retakeUntil: nextSittingCloses }))).toEqual({
      open: false,
      reason: "retakePossible",
      at: nextSittingCloses,
    });
    expect(reviewDecision(input({ policy: "after_close", retakeUntil: nextSittingCloses }))).toEqual({
      open: false,
      reason: "retakePossible",
      at: nextSittingCloses,
    });
    // after_close of a sitting closing after the last retake: the later of the two
    expect(reviewDecision(input({ policy: "after_close", retakeUntil: new Date("2026-06-01T03:00:00Z") }))).toEqual({
      open: false,
      reason: "retakePossible",
      at: sittingClosesAt,
    });
    // once the last sitting has closed (or no attempt is left: retakeUntil null) the review opens
    expect(reviewDecision(input({ retakeUntil: nextSittingCloses, now: nextSittingCloses }))).toEqual({ open: true });
    expect(reviewDecision(input({ retakeUntil: earlier }))).toEqual({ open: true });
  });

  it("never opens before release or under 'never', retake or not", () => {
    expect(reviewDecision(input({ released: false, retakeUntil: nextSittingCloses }))).toEqual({ open: false, reason: "notReleased" });
    expect(reviewDecision(input({ policy: "never", retakeUntil: null, now: nextSittingCloses }))).toEqual({ open: false, reason: "never" });
  });
});

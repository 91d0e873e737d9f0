import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, decideAttempt, recordFailure, type ThrottleState } from "./login-throttle";

const t0 = new Date("2026-11-23T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function fail(times: number, start = 0): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let i = 0; i < times; i++) state = recordFailure(state, at(start + i), ACCOUNT_POLICY);
  return state;
}

describe("login throttling", () => {
  it("lets the first failures through without delay", () => {
    expect(decideAttempt(null, t0, ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 });
    expect(decideAttempt(fail(2), at(3), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 });
  });

  it("slows attempts after three failures", () => {
    expect(decideAttempt(fail(3), at(4), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 1000 });
    expect(decideAttempt(fail(4), at(5), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 2000 });
  });

  it("refuses for fifteen minutes after five failures", () => {
    const locked = fail(5);
    expect(decideAttempt(locked, at(10), ACCOUNT_POLICY)).toEqual({ allowed: false, retryAfterMs: 15 * 60_000 - 6_000 });
    expect(decideAttempt(locked, at(4 + 15 * 60 + 1), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 });
  });

  it("forgets failures once the window has passed", () => {
    const old = fail(4);
    const fresh = recordFailure(old, at(20 * 60), ACCOUNT_POLICY);
    expect(fresh.failures).toBe(1);
    expect(fresh.lockedUntil).toBeNull();
  });
});

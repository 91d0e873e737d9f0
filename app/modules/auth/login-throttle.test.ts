import { describe, expect, it } from "vitest";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  combineDecisions,
  decideAttempt,
  PAIR_POLICY,
  PASSWORD_CHECK_POLICY,
  registrationPolicy,
  retryAfterMinutes,
} from "./login-throttle";

const t0 = new Date("2026-11-23T08:00:00Z");
const ends = new Date(t0.getTime() + 15 * 60_000);
const nth = (attempts: number) => ({ attempts, windowEndsAt: ends });

describe("login throttling", () => {
  it("lets the first attempts of a pair through without delay", () => {
    for (const n of [1, 2, 3]) expect(decideAttempt(nth(n), t0, PAIR_POLICY)).toEqual({ allowed: true, delayMs: 0 });
  });

  it("slows a pair progressively: 1 s, 2 s, 4 s, then 4 s", () => {
    expect([4, 5, 6, 7, 8].map((n) => decideAttempt(nth(n), t0, PAIR_POLICY))).toEqual(
      [1000, 2000, 4000, 4000, 4000].map((delayMs) => ({ allowed: true, delayMs })),
    );
  });

  it("refuses a pair past its limit until the window ends", () => {
    const later = new Date(t0.getTime() + 60_000);
    expect(decideAttempt(nth(PAIR_POLICY.limit + 1), later, PAIR_POLICY)).toEqual({ allowed: false, retryAfterMs: 14 * 60_000 });
    expect(decideAttempt(nth(40), later, PAIR_POLICY)).toEqual({ allowed: false, retryAfterMs: 14 * 60_000 });
  });

  it("evaluates at most `limit` of any number of attempts numbered by the counter", () => {
    for (const policy of [PAIR_POLICY, ACCOUNT_POLICY, ADDRESS_POLICY, PASSWORD_CHECK_POLICY, registrationPolicy(10)]) {
      const evaluated = Array.from({ length: 200 }, (_, i) => decideAttempt(nth(i + 1), t0, policy)).filter((d) => d.allowed).length;
      expect(evaluated).toBe(policy.limit);
    }
  });

  it("gives an address more room than an account, and an account more than a pair", () => {
    expect(ADDRESS_POLICY.limit).toBeGreaterThan(ACCOUNT_POLICY.limit);
    expect(ACCOUNT_POLICY.limit).toBeGreaterThan(PAIR_POLICY.limit);
  });

  it("never asks to retry in less than a second, and rounds minutes up", () => {
    expect(decideAttempt(nth(99), ends, PAIR_POLICY)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(retryAfterMinutes(1000)).toBe(1);
    expect(retryAfterMinutes(14 * 60_000 + 1)).toBe(15);
  });

  it("combines keys: any refusal wins with the longest wait, else the longest delay", () => {
    expect(
      combineDecisions([
        { allowed: true, delayMs: 1000 },
        { allowed: true, delayMs: 4000 },
      ]),
    ).toEqual({ allowed: true, delayMs: 4000 });
    expect(
      combineDecisions([
        { allowed: true, delayMs: 1000 },
        { allowed: false, retryAfterMs: 5000 },
        { allowed: false, retryAfterMs: 9000 },
      ]),
    ).toEqual({ allowed: false, retryAfterMs: 9000 });
    expect(combineDecisions([])).toEqual({ allowed: true, delayMs: 0 });
  });
});

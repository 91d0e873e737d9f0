/**
 * Login throttling (pure). Failures are counted per key in a window; past `delayAfter` each
 * attempt waits longer, past `lockAfter` the key is refused until the lock ends. The state lives
 * in PostgreSQL so every app instance sees the same counts.
 */
export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export interface ThrottlePolicy {
  windowMs: number;
  delayAfter: number;
  delayStepMs: number;
  maxDelayMs: number;
  lockAfter: number;
  lockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  delayAfter: 3,
  delayStepMs: 1_000,
  maxDelayMs: 4_000,
  lockAfter: 5,
  lockMs: 15 * 60_000,
};

/** An address (a whole office behind one NAT) gets more room than one account. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  delayAfter: 10,
  delayStepMs: 500,
  maxDelayMs: 4_000,
  lockAfter: 30,
  lockMs: 15 * 60_000,
};

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterMs: number };

function current(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState | null {
  if (!state) return null;
  if (state.lockedUntil && state.lockedUntil > now) return state;
  if (now.getTime() - state.windowStartedAt.getTime() >= policy.windowMs) return null;
  if (state.lockedUntil && state.lockedUntil <= now) return null;
  return state;
}

export function decideAttempt(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleDecision {
  const live = current(state, now, policy);
  if (!live) return { allowed: true, delayMs: 0 };
  if (live.lockedUntil && live.lockedUntil > now) {
    return { allowed: false, retryAfterMs: live.lockedUntil.getTime() - now.getTime() };
  }
  const over = live.failures - policy.delayAfter + 1;
  return { allowed: true, delayMs: over > 0 ? Math.min(policy.maxDelayMs, over * policy.delayStepMs) : 0 };
}

export function recordFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const live = current(state, now, policy);
  const failures = (live?.failures ?? 0) + 1;
  return {
    failures,
    windowStartedAt: live?.windowStartedAt ?? now,
    lockedUntil: failures >= policy.lockAfter ? new Date(now.getTime() + policy.lockMs) : null,
  };
}

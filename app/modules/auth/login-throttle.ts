/**
 * Login throttling (pure; docs/decisions/013). Every attempt is counted per key BEFORE the password
 * is checked — one atomic upsert returns the attempt's number in its window — and this decides
 * from that number alone: the first `freeAttempts` go straight through, the next ones wait
 * progressively longer, past `limit` the key is refused until its window ends. Parallel requests
 * get different numbers, so at most `limit` of them per window ever reach the password check.
 * A success takes its attempt back (the counts are of failures and attempts still in flight).
 *
 * Keys (see login.server.ts):
 * - the pair (account, address): progressive delays, then refused for the rest of the window;
 * - the address: more room (a whole office behind one NAT);
 * - the account: counted only for devices that have never signed in to it (no valid hf_device
 *   cookie for it), so guessing from many addresses cannot lock the owner out of a known device.
 */
export interface ThrottlePolicy {
  windowMs: number;
  /** Attempts in a window that are answered without delay. */
  freeAttempts: number;
  /** The first delayed attempt waits this long, each next one twice as long … */
  delayStepMs: number;
  /** … up to this. */
  maxDelayMs: number;
  /** Attempts in a window that are evaluated at all; later ones are refused until the window ends. */
  limit: number;
}

/** One account from one address: the owner mistyping, or one attacker. */
export const PAIR_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  freeAttempts: 3,
  delayStepMs: 1_000,
  maxDelayMs: 4_000,
  limit: 8,
};

/** One account from devices it was never used on, whatever the address. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  freeAttempts: 20,
  delayStepMs: 0,
  maxDelayMs: 0,
  limit: 20,
};

/** One address, every account (an office NAT: more room than one account). */
export const ADDRESS_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  freeAttempts: 20,
  delayStepMs: 500,
  maxDelayMs: 4_000,
  limit: 50,
};

/** The current password on /account (a signed-in session: one key per person). */
export const PASSWORD_CHECK_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  freeAttempts: 5,
  delayStepMs: 0,
  maxDelayMs: 0,
  limit: 5,
};

/** Registrations from one address in an hour (the limit comes from the configuration). */
export function registrationPolicy(perHour: number): ThrottlePolicy {
  return { windowMs: 60 * 60_000, freeAttempts: perHour, delayStepMs: 0, maxDelayMs: 0, limit: perHour };
}

/** What the atomic upsert returned: this attempt's number in the key's window, and when that ends. */
export interface AttemptCount {
  attempts: number;
  windowEndsAt: Date;
}

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterMs: number };

export function decideAttempt(count: AttemptCount, now: Date, policy: ThrottlePolicy): ThrottleDecision {
  if (count.attempts > policy.limit) {
    return { allowed: false, retryAfterMs: Math.max(1_000, count.windowEndsAt.getTime() - now.getTime()) };
  }
  const over = count.attempts - policy.freeAttempts;
  if (over <= 0 || policy.delayStepMs <= 0) return { allowed: true, delayMs: 0 };
  return { allowed: true, delayMs: Math.min(policy.maxDelayMs, policy.delayStepMs * 2 ** (over - 1)) };
}

/** The decisions of several keys together: refused if any refuses (for the longest wait), else the longest delay. */
export function combineDecisions(decisions: ThrottleDecision[]): ThrottleDecision {
  const refused = decisions.filter((d): d is { allowed: false; retryAfterMs: number } => !d.allowed);
  if (refused.length) return { allowed: false, retryAfterMs: Math.max(...refused.map((d) => d.retryAfterMs)) };
  return { allowed: true, delayMs: Math.max(0, ...decisions.map((d) => (d.allowed ? d.delayMs : 0))) };
}

export function retryAfterMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

import type { StartBlocker } from "./eligibility";

/**
 * 候考 (the waiting room before a sitting opens, issue 14). Pure: `now` is always a parameter.
 *
 * - The candidate's sitting page, when nothing but the opening keeps them from starting, shows a
 *   countdown (`countdown`) and refreshes itself so that it lands just after the opening — with a
 *   meta refresh without JavaScript, one loader revalidation with it (`refreshDelaySeconds`). The
 *   delay is capped (a page open for an hour checks in about once a minute, not every second) and
 *   jittered per person, so a thousand phones neither poll in step nor all come back in the same
 *   second at the opening.
 * - Each such load records an arrival (`recordsArrival`); the admin's 等候中 count is the arrivals
 *   seen within the last few minutes (`WAITING_WINDOW_MS`, kept fresh by the page's own refresh)
 *   of people without an attempt in the sitting (`isWaiting`, `waitingCutoff` for the SQL).
 */

/** An arrival counts as waiting this long after the page last loaded (the page refreshes at least every minute). */
export const WAITING_WINDOW_MS = 3 * 60_000;
/** Arrivals are recorded from this long before the opening… */
export const ARRIVAL_LEAD_MS = 2 * 3600_000;
/** …until this long after it (late comers still show up in the count; after that the sitting is just open). */
export const ARRIVAL_AFTER_OPENING_MS = 30 * 60_000;

/** The page checks in at most this often while the opening is near (within ARRIVAL_LEAD_MS). */
export const NEAR_REFRESH_SECONDS = 60;
/** …and this often while it is further away. */
export const FAR_REFRESH_SECONDS = 300;
/** The spread of the capped refreshes, per person: 51–60 s near, 271–300 s far. */
export const NEAR_REFRESH_JITTER_SECONDS = 10;
export const FAR_REFRESH_JITTER_SECONDS = 30;
/** The refresh at the opening lands 1–3 s after it, per person (never before: it would still see the countdown). */
export const OPENING_JITTER_SECONDS = 3;

export type Countdown =
  | { unit: "open" }
  | { unit: "seconds"; seconds: number }
  | { unit: "minutes"; minutes: number }
  | { unit: "hours"; hours: number; minutes: number }
  | { unit: "days"; days: number; hours: number };

/**
 * What is left until the opening, as the page words it: seconds in the last minute (60 … 1),
 * whole minutes rounded up below an hour (so "还有 1 分钟" never means less than a minute is
 * shown late), hours and minutes below a day, days and hours beyond.
 */
export function countdown(opensAt: Date, now: Date): Countdown {
  const ms = opensAt.getTime() - now.getTime();
  if (ms <= 0) return { unit: "open" };
  if (ms <= 60_000) return { unit: "seconds", seconds: Math.ceil(ms / 1000) };
  const totalMinutes = Math.ceil(ms / 60_000);
  if (totalMinutes < 60) return { unit: "minutes", minutes: totalMinutes };
  if (totalMinutes < 24 * 60) return { unit: "hours", hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
  return { unit: "days", days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60) };
}

/**
 * A whole number in [0, spread) fixed for a person and a sitting (the same on every load, different
 * between people): a small integer hash, no randomness, so the rule stays testable.
 */
export function jitterOf(userId: number, sittingId: number, spread: number): number {
  if (spread <= 1) return 0;
  let h = Math.imul(userId ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(sittingId + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return (h >>> 0) % spread;
}

/**
 * Seconds until the waiting page checks again (the meta refresh's delay; the same for the one
 * revalidation with JavaScript): just after the opening when it is within reach (1 to
 * OPENING_JITTER_SECONDS s after it), otherwise the capped interval minus the person's jitter.
 * Null once the sitting is open (nothing to wait for).
 */
export function refreshDelaySeconds(opensAt: Date, now: Date, who: { userId: number; sittingId: number }): number | null {
  const ms = opensAt.getTime() - now.getTime();
  if (ms <= 0) return null;
  const atOpening = Math.ceil(ms / 1000) + 1 + jitterOf(who.userId, who.sittingId, OPENING_JITTER_SECONDS);
  const near = ms <= ARRIVAL_LEAD_MS;
  const capped = near
    ? NEAR_REFRESH_SECONDS - jitterOf(who.userId, who.sittingId, NEAR_REFRESH_JITTER_SECONDS)
    : FAR_REFRESH_SECONDS - jitterOf(who.userId, who.sittingId, FAR_REFRESH_JITTER_SECONDS);
  return Math.min(atOpening, capped);
}

/** Whether the person sees the waiting room: nothing but the opening keeps them from starting. */
export function isWaitingRoom(blockers: readonly Pick<StartBlocker, "code">[]): boolean {
  return blockers.length > 0 && blockers.every((b) => b.code === "notOpenYet");
}

/**
 * Whether a load of the sitting page records an arrival: the person could start at the opening
 * (no blocker but the opening itself, or none at all), has no attempt in progress, and the page is
 * loaded from ARRIVAL_LEAD_MS before the opening to ARRIVAL_AFTER_OPENING_MS after it (and before
 * the close).
 */
export function recordsArrival(input: {
  opensAt: Date;
  closesAt: Date;
  now: Date;
  blockers: readonly Pick<StartBlocker, "code">[];
  hasAttemptInProgress: boolean;
}): boolean {
  const { opensAt, closesAt, now } = input;
  if (input.hasAttemptInProgress) return false;
  if (!input.blockers.every((b) => b.code === "notOpenYet")) return false;
  const t = now.getTime();
  return t >= opensAt.getTime() - ARRIVAL_LEAD_MS && t < opensAt.getTime() + ARRIVAL_AFTER_OPENING_MS && t < closesAt.getTime();
}

/** Arrivals seen after this instant are waiting (the SQL's bound). */
export function waitingCutoff(now: Date): Date {
  return new Date(now.getTime() - WAITING_WINDOW_MS);
}

/** One arrival is waiting: seen within the window and no attempt in the sitting since. */
export function isWaiting(arrival: { lastSeenAt: Date; hasAttempt: boolean }, now: Date): boolean {
  return !arrival.hasAttempt && arrival.lastSeenAt.getTime() > waitingCutoff(now).getTime();
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Whether two instants fall on the same calendar day in China Standard Time (the page then shows only HH:mm). */
export function sameShanghaiDay(a: Date, b: Date): boolean {
  const day = (d: Date) => Math.floor((d.getTime() + SHANGHAI_OFFSET_MS) / 86_400_000);
  return day(a) === day(b);
}

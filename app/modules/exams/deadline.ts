import { DEFAULT_SAVE_GRACE_SECONDS, type AnswerStep } from "./types";

/**
 * Deadline arithmetic (pure). The server owns time: an attempt's deadline is fixed when it starts;
 * the page only displays a countdown towards it, corrected for the difference between its clock
 * and the server's.
 */

/** deadline = min(start + duration, the sitting's close): nobody writes past the end of the sitting. */
export function deadlineFor(startedAt: Date, durationMinutes: number, sittingClosesAt: Date): Date {
  return new Date(Math.min(startedAt.getTime() + durationMinutes * 60_000, sittingClosesAt.getTime()));
}

/**
 * Whether a save arriving at `now` still counts: up to the deadline plus a short grace for
 * requests that were in flight when the time ran out (inclusive).
 */
export function acceptsSave(deadlineAt: Date, now: Date, graceSeconds: number = DEFAULT_SAVE_GRACE_SECONDS): boolean {
  return now.getTime() <= deadlineAt.getTime() + graceSeconds * 1000;
}

/** The last moment answers of an attempt are taken from (deadline + grace). */
export function lastSaveAt(deadlineAt: Date, graceSeconds: number = DEFAULT_SAVE_GRACE_SECONDS): Date {
  return new Date(deadlineAt.getTime() + graceSeconds * 1000);
}

/** Whether the server must close the attempt now: the deadline and the grace have both passed. */
export function isExpired(deadlineAt: Date, now: Date, graceSeconds: number = DEFAULT_SAVE_GRACE_SECONDS): boolean {
  return !acceptsSave(deadlineAt, now, graceSeconds);
}

/**
 * When answering ended, as recorded: the moment of submission, but never after the deadline (an
 * attempt closed late by the server, or a submit that raced the grace period, ends AT the
 * deadline), so recorded durations never exceed the allowed time.
 */
export function finishedAtFor(deadlineAt: Date, at: Date): Date {
  return at.getTime() < deadlineAt.getTime() ? at : deadlineAt;
}

/** The steps that count for grading: those stored by deadline + grace (later ones are ignored). */
export function countedSteps<T extends Pick<AnswerStep, "at">>(
  steps: readonly T[],
  deadlineAt: Date,
  graceSeconds: number = DEFAULT_SAVE_GRACE_SECONDS,
): T[] {
  const last = deadlineAt.getTime() + graceSeconds * 1000;
  return steps.filter((s) => s.at.getTime() <= last);
}

/* ---------------- on the page: the server's clock seen from the client ---------------- */

/**
 * Estimated offset of the server's clock from the client's (server − client), from one request:
 * sent at `sentAtMs` and answered at `receivedAtMs` (client clock), carrying the server's time
 * `serverNowMs`. The server read its clock about half-way through the round trip (NTP's
 * assumption), so the client's clock then read the midpoint.
 */
export function clockOffsetMs(serverNowMs: number, sentAtMs: number, receivedAtMs: number): number {
  return serverNowMs - (sentAtMs + receivedAtMs) / 2;
}

/** Whole seconds left until the deadline (never negative), by the client's clock corrected by the offset. */
export function secondsLeft(deadlineMs: number, clientNowMs: number, offsetMs: number): number {
  return Math.max(0, Math.floor((deadlineMs - (clientNowMs + offsetMs)) / 1000));
}

/** Pure helpers of the proctor page. */

/** Time left until the deadline as "m:ss" or "h:mm:ss"; null once it has passed (or without a deadline). */
export function formatTimeLeft(deadlineMs: number | null, nowMs: number): string | null {
  if (deadlineMs == null) return null;
  const s = Math.max(0, Math.floor((deadlineMs - nowMs) / 1000));
  if (s === 0) return null;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}:` : ""}${String(m).padStart(h ? 2 : 1, "0")}:${String(sec).padStart(2, "0")}`;
}

/* ------------------------------------------------------------------ leaving the page */

/** Hidden for longer than this is leaving the page; shorter is a reload or a flicker. */
export const LEAVE_MIN_MS = 2_000;
/** A blur this close before a "hidden" is part of that hide (switching tabs, reloading), not a second leave. */
export const BLUR_MERGE_MS = 1_000;

export interface AttemptEventAt {
  kind: string;
  atMs: number;
}

/**
 * How many times a candidate really left the exam page, from its events in order. The page sends
 * "hidden"/"visible" on visibility changes, "blur"/"visible" on window focus, and "visible" when
 * it (re)loads; it sends no "hidden" when the page itself is going away (a reload: "pagehide" comes
 * first). Counted:
 * - hidden for more than LEAVE_MIN_MS (until the next event, or until now if none came yet): another
 *   tab or app. Should a browser still report a reload's hide, it is short and not counted;
 * - blur while the page stayed visible (another window over the exam): counted once, at once.
 *   A blur followed within BLUR_MERGE_MS by "hidden" belongs to that hide.
 * `awayMs` adds up the hidden time that counted.
 */
export function countLeaves(events: readonly AttemptEventAt[], nowMs: number): { leaves: number; awayMs: number } {
  let leaves = 0;
  let awayMs = 0;
  let hiddenSince: number | null = null;
  let blurAt: number | null = null;
  const closeHidden = (endMs: number) => {
    if (hiddenSince === null) return;
    const away = endMs - hiddenSince;
    if (away > LEAVE_MIN_MS) {
      leaves++;
      awayMs += away;
    }
    hiddenSince = null;
  };
  const settleBlur = (atMs: number, hiding: boolean) => {
    if (blurAt === null) return;
    if (!(hiding && atMs - blurAt <= BLUR_MERGE_MS)) leaves++;
    blurAt = null;
  };
  for (const e of events) {
    if (e.kind === "hidden") {
      const since: number = blurAt !== null && e.atMs - blurAt <= BLUR_MERGE_MS ? blurAt : e.atMs;
      settleBlur(e.atMs, true);
      if (hiddenSince === null) hiddenSince = since;
    } else if (e.kind === "blur") {
      if (hiddenSince === null && blurAt === null) blurAt = e.atMs;
    } else {
      // "visible", "resume", "submitted", "extra_time": the page (or the server) saw the candidate back.
      if (e.kind === "extra_time") continue;
      closeHidden(e.atMs);
      settleBlur(e.atMs, false);
    }
  }
  closeHidden(nowMs);
  // A blur just now may still turn into a hide (a reload in progress): count it once it is older.
  if (blurAt !== null && nowMs - blurAt > BLUR_MERGE_MS) leaves++;
  return { leaves, awayMs };
}

/* ------------------------------------------------------------------ who may start */

/** Reasons that hold for everyone in the sitting (its window, capacity, publication) are not a person's. */
const SITTING_WIDE = new Set(["examNotPublished", "sittingNotPublished", "notOpenYet", "closed", "full"]);

/** The reasons a person who has not started may not start (hours, attempts, application, scope). */
export function personalBlockers<B extends { code: string }>(blockers: readonly B[]): B[] {
  return blockers.filter((b) => !SITTING_WIDE.has(b.code));
}

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

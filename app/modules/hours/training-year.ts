/**
 * Training year (培训年度) (pure). The 学时 arithmetic is in study-hours.ts.
 *
 * Hours are counted per calendar year in Asia/Shanghai. China has had no daylight saving time
 * since 1991, so Shanghai time is always UTC+8 and a fixed offset is exact.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The training year an instant belongs to: its calendar year in Asia/Shanghai. */
export function trainingYear(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** The instant a training year begins: Jan 1 00:00 in Shanghai (Dec 31 16:00 UTC of the year before). */
export function yearStart(year: number): Date {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const utcMidnight = new Date(0);
  utcMidnight.setUTCFullYear(year, 0, 1);
  return new Date(utcMidnight.getTime() - SHANGHAI_OFFSET_MS);
}

/**
 * Splits the interval [from, to) at Shanghai new-year midnights, in whole seconds. Each part is
 * the difference of rounded cumulative offsets, so the parts always add up to the rounded total
 * (no second is lost or counted twice). Parts that round to 0 seconds are left out, and an
 * empty interval (to <= from) gives an empty array. Years are in ascending order.
 */
export function splitByYear(from: Date, to: Date): { year: number; seconds: number }[] {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return [];
  const parts: { year: number; seconds: number }[] = [];
  let cumulative = 0;
  for (let year = trainingYear(from); ; year++) {
    const boundary = Math.min(end, yearStart(year + 1).getTime());
    const upTo = Math.round((boundary - start) / 1000);
    const seconds = upTo - cumulative;
    cumulative = upTo;
    if (seconds > 0) parts.push({ year, seconds });
    if (boundary >= end) break;
  }
  return parts;
}

/**
 * Training year (培训年度) and 学时 arithmetic (pure).
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

function checkMinutes(minutesPerCreditHour: number): void {
  if (!Number.isFinite(minutesPerCreditHour) || minutesPerCreditHour <= 0) {
    throw new RangeError(`minutesPerCreditHour must be a positive number, got ${minutesPerCreditHour}`);
  }
}

/** Seconds of study as 学时 (one 学时 = `minutesPerCreditHour` minutes, often 45 or 40). Unrounded. */
export function toCreditHours(seconds: number, minutesPerCreditHour: number): number {
  checkMinutes(minutesPerCreditHour);
  return seconds / (minutesPerCreditHour * 60);
}

/**
 * 学时 for display, rounded DOWN to one decimal: 31.99 学时 shows "31.9", never "32.0" before the
 * minimum is really reached. Works in integer tenths so binary floating point cannot round up.
 */
export function formatCreditHours(seconds: number, minutesPerCreditHour: number): string {
  checkMinutes(minutesPerCreditHour);
  const wholeSeconds = Math.floor(seconds);
  // seconds × 10 / (minutes × 60) = seconds / (minutes × 6) tenths of a 学时
  const tenths = Math.floor(wholeSeconds / (minutesPerCreditHour * 6));
  const negative = tenths < 0;
  const abs = Math.abs(tenths);
  return `${negative ? "-" : ""}${Math.floor(abs / 10)}.${abs % 10}`;
}

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
  return formatTenths(creditHourTenths(seconds, minutesPerCreditHour));
}

/**
 * Whole tenths of a 学时 in `seconds`, rounded DOWN — the one rounding rule for 学时. Everything
 * that shows or compares 学时 (my hours, the exam start rule) goes through it.
 */
export function creditHourTenths(seconds: number, minutesPerCreditHour: number): number {
  checkMinutes(minutesPerCreditHour);
  return Math.floor(Math.floor(seconds) / (minutesPerCreditHour * 6));
}

/** Tenths of a 学时 as text: 4 → "0.4", 320 → "32.0". */
export function formatTenths(tenths: number): string {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? "-" : ""}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** Study time as a learner reads it: 学时 (one decimal, rounded down) and whole minutes (rounded down). */
export function studyAmount(seconds: number, minutesPerCreditHour: number): { hours: string; minutes: number } {
  return { hours: formatCreditHours(seconds, minutesPerCreditHour), minutes: Math.floor(Math.max(0, seconds) / 60) };
}

export interface YearProgress {
  done: { hours: string; minutes: number };
  /** what is still missing, so that done + remaining = required as displayed, in 学时 and in minutes */
  remaining: { hours: string; minutes: number };
  required: { hours: number; minutes: number };
  /** 0–100, rounded down */
  percent: number;
  met: boolean;
}

/**
 * A learner's progress towards the yearly minimum. The remaining amount is the required amount
 * minus the amount SHOWN as done (both in tenths of a 学时 and in whole minutes), so the two
 * numbers on the page always add up to the requirement: 0.0 + 32.0 = 32, 4 + 1436 = 1440 minutes.
 */
export function yearProgress(seconds: number, requiredCreditHours: number, minutesPerCreditHour: number): YearProgress {
  const doneTenths = creditHourTenths(Math.max(0, seconds), minutesPerCreditHour);
  const requiredTenths = Math.round(requiredCreditHours * 10);
  const doneMinutes = Math.floor(Math.max(0, seconds) / 60);
  const requiredMinutes = Math.round(requiredCreditHours * minutesPerCreditHour);
  const met = Math.max(0, seconds) >= requiredCreditHours * minutesPerCreditHour * 60;
  return {
    done: { hours: formatTenths(doneTenths), minutes: doneMinutes },
    remaining: { hours: formatTenths(Math.max(0, requiredTenths - doneTenths)), minutes: Math.max(0, requiredMinutes - doneMinutes) },
    required: { hours: requiredCreditHours, minutes: requiredMinutes },
    percent: requiredTenths > 0 ? Math.min(100, Math.floor((doneTenths / requiredTenths) * 100)) : 100,
    met,
  };
}

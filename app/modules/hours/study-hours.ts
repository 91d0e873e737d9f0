/**
 * 学时 arithmetic (pure) — the one place it is written. One 学时 is `minutesPerCreditHour`
 * minutes (configurable, default 45); the yearly minimum is `requiredCreditHours` (default 32).
 * Everything that converts seconds to 学时, shows 学时, or decides whether the minimum is met goes
 * through these functions; SQL that needs the same rule is generated from them (study-hours-sql.ts).
 */

/** The two study settings the 学时 arithmetic needs (learning/config.server.ts `studySettings()`). */
export interface CreditHourSettings {
  minutesPerCreditHour: number;
  requiredCreditHours: number;
}

function checkMinutes(minutesPerCreditHour: number): void {
  if (!Number.isFinite(minutesPerCreditHour) || minutesPerCreditHour <= 0) {
    throw new RangeError(`minutesPerCreditHour must be a positive number, got ${minutesPerCreditHour}`);
  }
}

/** Seconds in one 学时: 2700 at 45 minutes. */
export function secondsPerCreditHour(minutesPerCreditHour: number): number {
  checkMinutes(minutesPerCreditHour);
  return minutesPerCreditHour * 60;
}

/** Seconds in a tenth of a 学时: 270 at 45 minutes. */
function secondsPerTenth(minutesPerCreditHour: number): number {
  checkMinutes(minutesPerCreditHour);
  return minutesPerCreditHour * 6;
}

/** The yearly minimum in seconds: 32 × 45 × 60 = 86,400 with the defaults. */
export function requiredSeconds(settings: CreditHourSettings): number {
  return settings.requiredCreditHours * secondsPerCreditHour(settings.minutesPerCreditHour);
}

/** The yearly minimum in whole minutes (what 我的学时 and the start rule show next to the 学时). */
export function requiredMinutes(settings: CreditHourSettings): number {
  return Math.round(settings.requiredCreditHours * settings.minutesPerCreditHour);
}

/** The yearly minimum in tenths of a 学时 (320 for 32), what rounded-down tenths are compared with. */
export function requiredTenths(requiredCreditHours: number): number {
  return Math.round(requiredCreditHours * 10);
}

/** Whether `seconds` of study meet the yearly minimum (seconds ≥ required seconds; no rounding). */
export function hoursMet(seconds: number, settings: CreditHourSettings): boolean {
  return seconds >= requiredSeconds(settings);
}

/**
 * Whole tenths of a 学时 in `seconds`, rounded DOWN — the one rounding rule for 学时. Everything
 * that shows or compares 学时 (my hours, the exam start rule, exports) goes through it. Works in
 * integers so binary floating point cannot round up: 31.99 学时 is 319 tenths, never 320.
 */
export function creditHourTenths(seconds: number, minutesPerCreditHour: number): number {
  return Math.floor(Math.floor(seconds) / secondsPerTenth(minutesPerCreditHour));
}

/** 学时 as a number with one decimal, rounded down (the start rule's comparison, spreadsheet cells). */
export function creditHours(seconds: number, minutesPerCreditHour: number): number {
  return creditHourTenths(seconds, minutesPerCreditHour) / 10;
}

/** Tenths of a 学时 (or of a mark) as text: 4 → "0.4", 320 → "32.0". */
export function formatTenths(tenths: number): string {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? "-" : ""}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** 学时 for display, rounded DOWN to one decimal: 31.99 学时 shows "31.9", never "32.0". */
export function formatCreditHours(seconds: number, minutesPerCreditHour: number): string {
  return formatTenths(creditHourTenths(seconds, minutesPerCreditHour));
}

/** Tenths of a 学时 (an offline class's credit, a class's content) → seconds: 25 tenths at 45 min = 6,750 s. */
export function tenthsToSeconds(tenths: number, minutesPerCreditHour: number): number {
  return Math.round(tenths * secondsPerTenth(minutesPerCreditHour));
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
export function yearProgress(seconds: number, settings: CreditHourSettings): YearProgress {
  const { requiredCreditHours, minutesPerCreditHour } = settings;
  const done = Math.max(0, seconds);
  const doneTenths = creditHourTenths(done, minutesPerCreditHour);
  const needTenths = requiredTenths(requiredCreditHours);
  const doneMinutes = Math.floor(done / 60);
  const needMinutes = requiredMinutes(settings);
  return {
    done: { hours: formatTenths(doneTenths), minutes: doneMinutes },
    remaining: { hours: formatTenths(Math.max(0, needTenths - doneTenths)), minutes: Math.max(0, needMinutes - doneMinutes) },
    required: { hours: requiredCreditHours, minutes: needMinutes },
    percent: needTenths > 0 ? Math.min(100, Math.floor((doneTenths / needTenths) * 100)) : 100,
    met: hoursMet(done, settings),
  };
}

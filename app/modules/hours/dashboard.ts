/**
 * The hours dashboard's arithmetic (pure): learners fall into five bands of the yearly
 * requirement (0–¼, ¼–½, ½–¾, ¾–1, met), so the chart reads the same whatever the requirement.
 */
export const BAND_COUNT = 5;

export function bandOf(totalSeconds: number, requiredSeconds: number): number {
  if (totalSeconds >= requiredSeconds) return BAND_COUNT - 1;
  return Math.min(BAND_COUNT - 2, Math.floor((totalSeconds / requiredSeconds) * 4));
}

/** The band limits in 学时, e.g. [0, 8, 16, 24, 32] for a 32 学时 requirement. */
export function bandLimits(requiredHours: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => Math.round((requiredHours * i) / 4 * 10) / 10);
}

export function sharePercent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

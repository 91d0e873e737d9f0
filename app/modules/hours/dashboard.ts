/**
 * The hours dashboard's arithmetic (pure): learners fall into five bands of the yearly
 * requirement (0–¼, ¼–½, ½–¾, ¾–1, met), so the chart reads the same whatever the requirement.
 * The dashboard's query counts the bands with `bandSql` (dashboard-sql.ts), generated from the
 * same constants; tests/integration/hours-sql.test.ts checks the two agree on a real database.
 */
export const BAND_COUNT = 5;
/** The bands below the met band split the requirement into this many equal parts. */
export const BAND_PARTS = BAND_COUNT - 1;

/**
 * The band of a learner: the met band (BAND_COUNT − 1) from the required seconds on, else the
 * quarter of the requirement reached, in integers (⌊4·total / required⌋) so no floating point
 * rounding moves a learner across a limit.
 */
export function bandOf(totalSeconds: number, requiredSeconds: number): number {
  if (totalSeconds >= requiredSeconds) return BAND_COUNT - 1;
  return Math.max(0, Math.min(BAND_PARTS - 1, Math.floor((BAND_PARTS * totalSeconds) / requiredSeconds)));
}

/** The band limits in 学时, e.g. [0, 8, 16, 24, 32] for a 32 学时 requirement. */
export function bandLimits(requiredHours: number): number[] {
  return Array.from({ length: BAND_COUNT }, (_, i) => Math.round(((requiredHours * i) / BAND_PARTS) * 10) / 10);
}

export function sharePercent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

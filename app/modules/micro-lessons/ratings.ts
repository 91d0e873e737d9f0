/** 评分 (ratings, 1–5 stars), pure. */

export function isValidStars(value: unknown): value is 1 | 2 | 3 | 4 | 5 {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The average rating to one decimal from an aggregate (sum, count) as the database returns it; null with no rating. */
export function averageOf(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 10) / 10 : null;
}

export type RateRefusal = "ownLesson" | "notStudied";

/** A learner rates a lesson they have studied (some credited time); an author never rates their own. */
export function mayRate(input: { isAuthor: boolean; creditedSeconds: number }): { ok: true } | { ok: false; reason: RateRefusal } {
  if (input.isAuthor) return { ok: false, reason: "ownLesson" };
  if (input.creditedSeconds <= 0) return { ok: false, reason: "notStudied" };
  return { ok: true };
}

/**
 * 优秀微党课评选 (the county's yearly selection), pure: candidates from the top-rated published
 * lessons, panel scores per judge, the ranking.
 */

export interface RatedLesson {
  id: number;
  average: number | null;
  count: number;
}

export const DEFAULT_CANDIDATES = 10;
export const MIN_RATINGS = 1;

/** The top-rated lessons: average desc, then more ratings, then the older lesson (lower id). */
export function pickCandidates(lessons: readonly RatedLesson[], limit = DEFAULT_CANDIDATES, minRatings = MIN_RATINGS): RatedLesson[] {
  return lessons
    .filter((l) => l.average != null && l.count >= minRatings)
    .slice()
    .sort((a, b) => b.average! - a.average! || b.count - a.count || a.id - b.id)
    .slice(0, Math.max(0, limit));
}

export function isValidScore(score: unknown): score is number {
  return typeof score === "number" && Number.isInteger(score) && score >= 0 && score <= 100;
}

export interface PanelScore {
  lessonId: number;
  judge: string;
  score: number;
}

export interface RankedCandidate {
  id: number;
  ratingAverage: number;
  judges: number;
  /** mean panel score, one decimal; null before any judge scored */
  mean: number | null;
  /** 1, 2, 2, 4 … (equal means share a rank); null when unscored */
  rank: number | null;
}

/**
 * Ranks candidates by their mean panel score (equal means share a rank, "1224"); the listing
 * breaks ties by the learners' rating, then id. Unscored candidates come last without a rank.
 */
export function rankCandidates(
  candidates: readonly { id: number; ratingAverage: number }[],
  scores: readonly PanelScore[],
): RankedCandidate[] {
  const byLesson = new Map<number, number[]>();
  for (const s of scores) if (isValidScore(s.score)) byLesson.set(s.lessonId, [...(byLesson.get(s.lessonId) ?? []), s.score]);
  const rows = candidates.map((c) => {
    const list = byLesson.get(c.id) ?? [];
    const mean = list.length ? Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10 : null;
    return { id: c.id, ratingAverage: c.ratingAverage, judges: list.length, mean, rank: null as number | null };
  });
  rows.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || b.ratingAverage - a.ratingAverage || a.id - b.id);
  let previous: number | null = null;
  let previousRank = 0;
  rows.forEach((row, index) => {
    if (row.mean == null) return;
    row.rank = row.mean === previous ? previousRank : index + 1;
    previous = row.mean;
    previousRank = row.rank;
  });
  return rows;
}

/** A selection closes once every candidate has at least one judge's score. */
export function mayClose(ranked: readonly RankedCandidate[]): boolean {
  return ranked.length > 0 && ranked.every((r) => r.judges > 0);
}

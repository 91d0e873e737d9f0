import { describe, expect, it } from "vitest";
import { isValidScore, mayClose, pickCandidates, rankCandidates } from "./selection";

describe("优秀微党课 selection", () => {
  it("picks the top-rated lessons with enough ratings, ties by count then age", () => {
    const lessons = [
      { id: 1, average: 4.5, count: 2 },
      { id: 2, average: 4.8, count: 1 },
      { id: 3, average: 4.5, count: 6 },
      { id: 4, average: null, count: 0 },
      { id: 5, average: 4.5, count: 2 },
      { id: 6, average: 3, count: 9 },
    ];
    expect(pickCandidates(lessons, 4).map((l) => l.id)).toEqual([2, 3, 1, 5]);
    expect(pickCandidates(lessons, 10, 2).map((l) => l.id)).toEqual([3, 1, 5, 6]);
    expect(pickCandidates(lessons, 0)).toEqual([]);
  });

  it("scores are whole numbers 0–100", () => {
    expect([0, 59, 100].every(isValidScore)).toBe(true);
    for (const bad of [-1, 101, 80.5, "90"]) expect(isValidScore(bad)).toBe(false);
  });

  it("ranks by mean panel score; equal means share a rank; unscored come last", () => {
    const candidates = [
      { id: 1, ratingAverage: 4.1 },
      { id: 2, ratingAverage: 4.9 },
      { id: 3, ratingAverage: 4.5 },
      { id: 4, ratingAverage: 5 },
    ];
    const ranked = rankCandidates(candidates, [
      { lessonId: 1, judge: "甲", score: 90 },
      { lessonId: 1, judge: "乙", score: 80 },
      { lessonId: 2, judge: "甲", score: 85 },
      { lessonId: 3, judge: "甲", score: 92 },
      { lessonId: 3, judge: "乙", score: 78 },
    ]);
    expect(ranked.map((r) => [r.id, r.mean, r.rank, r.judges])).toEqual([
      [2, 85, 1, 1],
      [3, 85, 1, 2],
      [1, 85, 1, 2],
      [4, null, null, 0],
    ]);
    expect(mayClose(ranked)).toBe(false);
    const all = rankCandidates(candidates.slice(0, 3), [
      { lessonId: 1, judge: "甲", score: 70 },
      { lessonId: 2, judge: "甲", score: 95 },
      { lessonId: 3, judge: "甲", score: 95 },
    ]);
    expect(all.map((r) => [r.id, r.rank])).toEqual([
      [2, 1],
      [3, 1],
      [1, 3],
    ]);
    expect(mayClose(all)).toBe(true);
    expect(mayClose([])).toBe(false);
  });
});

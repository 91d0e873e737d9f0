import { describe, expect, it } from "vitest";
import { analyseItem, ITEM_THRESHOLDS, pearson, type ItemResponse } from "./item-analysis";

const r = (markTenths: number, restTenths: number, choice?: number[] | null, maxMarkTenths = 10): ItemResponse => ({
  markTenths,
  maxMarkTenths,
  restTenths,
  choice,
});

describe("pearson", () => {
  it("matches hand-computed values", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
    // x = 1,2,3,4; y = 2,1,4,3: Σdxdy = 3, Σdx² = 5, Σdy² = 5 → 0.6
    expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
  });
  it("is null without variance or with fewer than two pairs", () => {
    expect(pearson([5, 5, 5], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [7, 7, 7])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [0.3, 0.2, 0.1])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
    expect(pearson([], [])).toBeNull();
  });
});

describe("analyseItem", () => {
  it("computes facility, discrimination and option counts (hand-computed)", () => {
    // item marks 10,10,0,10,0 of 10 → facility 0.6
    // x' = 1,1,0,1,0 (mean 0.6); rest 80,70,30,60,40 (mean 56)
    // Σdxdy = 0.4·24 + 0.4·14 + 0.6·26 + 0.4·4 + 0.6·16 = 42 (in marks of 10: 420)
    // Σdx² = 1.2, Σdy² = 1720 → r = 42 / √(1.2 · 1720) = 42 / √2064 = 0.924473...
    const a = analyseItem([r(10, 80, [2]), r(10, 70, [2]), r(0, 30, [0]), r(10, 60, [2]), r(0, 40, [1])], 4);
    expect(a.n).toBe(5);
    expect(a.facility).toBeCloseTo(0.6, 12);
    expect(a.discrimination).toBeCloseTo(42 / Math.sqrt(2064), 12);
    expect(a.discrimination).toBeCloseTo(0.924473, 6);
    expect(a.optionCounts).toEqual([1, 1, 3, 0]);
    expect(a).toMatchObject({ weak: false, reasons: [] });
  });

  it("averages mark ÷ max, with partial marks and differing maxima", () => {
    const a = analyseItem([r(13, 50, [0], 40), r(40, 60, [0, 1, 3], 40), r(20, 10, null, 20)], 0);
    // (13/40 + 40/40 + 20/20) / 3 = (0.325 + 1 + 1) / 3
    expect(a.facility).toBeCloseTo(2.325 / 3, 12);
    expect(a.optionCounts).toEqual([]);
  });

  it("counts each chosen option once per response, ignoring out-of-range indices", () => {
    expect(analyseItem([r(0, 0, [1, 1, 3, 9, -1]), r(0, 0, [3])], 4).optionCounts).toEqual([0, 1, 0, 2]);
  });

  it("flags a too-hard item with negative discrimination (a wrong key looks like this)", () => {
    // only the two weakest candidates (by the rest of the test) score: 2 of 10 → facility 0.2
    const responses = [r(10, 10), r(10, 20), ...[30, 40, 50, 60, 70, 80, 90, 95].map((rest) => r(0, rest))];
    const a = analyseItem(responses, 0);
    expect(a.facility).toBeCloseTo(0.2, 12);
    expect(a.discrimination).toBeLessThan(0);
    expect(a.reasons).toEqual(["negativeDiscrimination"]);
    const harder = analyseItem([r(10, 10), ...[20, 30, 40, 50, 60, 70, 80, 90, 95].map((rest) => r(0, rest))], 0);
    expect(harder.facility).toBeCloseTo(0.1, 12);
    expect(harder.reasons).toEqual(["tooHard", "negativeDiscrimination"]);
    expect(harder.weak).toBe(true);
  });

  it("flags a too-easy item; discrimination is null when everyone scores", () => {
    const a = analyseItem(
      Array.from({ length: 6 }, (_, i) => r(10, 40 + i)),
      0,
    );
    expect(a).toMatchObject({ n: 6, facility: 1, discrimination: null, weak: true, reasons: ["tooEasy"] });
  });

  it("flags low (but positive) discrimination", () => {
    // item 1,0,1,0,1,0 with rest 5,4,4,6,6,5: dx = ±0.5, dy = 0,-1,-1,1,1,0
    // Σdxdy = 0 + 0.5 - 0.5 - 0.5 + 0.5 + 0 = 0 → r = 0
    const zero = analyseItem([r(10, 50), r(0, 40), r(10, 40), r(0, 60), r(10, 60), r(0, 50)], 0);
    expect(zero.discrimination).toBeCloseTo(0, 12);
    expect(zero.reasons).toEqual(["lowDiscrimination"]);
    // rest 5,4,4,6,7,5 → my = 31/6; Σdxdy = 0.5 · (Σ rest of the scorers − Σ rest of the others) = 0.5 · (16 − 15) = 0.5,
    // Σdx² = 6 · 0.25 = 1.5, Σdy² = 167 − 6 · (31/6)² = 41/6 → r = 0.5 / √(1.5 · 41/6) = 0.5 / √10.25 = 0.156
    const low = analyseItem([r(10, 50), r(0, 40), r(10, 40), r(0, 60), r(10, 70), r(0, 50)], 0);
    expect(low.discrimination).toBeCloseTo(0.5 / Math.sqrt(10.25), 12);
    expect(low.reasons).toEqual(["lowDiscrimination"]);
  });

  it("judges nothing below the minimum number of responses", () => {
    expect(ITEM_THRESHOLDS.minResponses).toBe(5);
    const few = analyseItem([r(0, 90), r(0, 80), r(10, 10), r(0, 70)], 2);
    expect(few.facility).toBeCloseTo(0.25, 12);
    expect(few.discrimination).toBeLessThan(0);
    expect(few).toMatchObject({ n: 4, weak: false, reasons: [] });
  });

  it("has no figures without responses", () => {
    expect(analyseItem([], 3)).toEqual({ n: 0, facility: null, discrimination: null, optionCounts: [0, 0, 0], weak: false, reasons: [] });
    expect(analyseItem([r(10, 20)], 0)).toMatchObject({ n: 1, facility: 1, discrimination: null });
  });
});

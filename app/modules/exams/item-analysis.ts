/**
 * Item analysis (试题分析) of one question version across the attempts that answered it. Pure.
 *
 * - Facility (难度/通过率): the mean of mark ÷ max over the responses (0 = nobody scored, 1 = everyone
 *   scored full marks).
 * - Discrimination (区分度): the Pearson correlation between the item's mark and the rest of the
 *   test (the attempt's total minus this item), the "corrected item-total correlation": do the
 *   candidates who do well on the rest of the paper also do well on this item? Null with fewer than
 *   two responses or when either side does not vary (then there is nothing to correlate).
 * - Option counts: how often each ORIGINAL option (0 = A) was chosen, for choice questions.
 * - Weak items are only judged from ITEM_THRESHOLDS.minResponses responses on; below that every
 *   figure is noise.
 */

export const ITEM_THRESHOLDS = {
  /** fewer responses than this: figures are shown, nothing is flagged */
  minResponses: 5,
  /** facility below this: almost nobody gets it (too hard, or a wrong key) */
  tooHardBelow: 0.2,
  /** facility above this: everybody gets it (tells nothing apart) */
  tooEasyAbove: 0.95,
  /** discrimination below this (but not negative): barely related to the rest of the test */
  lowDiscriminationBelow: 0.2,
} as const;

export type ItemReason = "tooHard" | "tooEasy" | "lowDiscrimination" | "negativeDiscrimination";

export interface ItemResponse {
  markTenths: number;
  maxMarkTenths: number;
  /** the attempt's total minus this item */
  restTenths: number;
  /** original option indices chosen (choice questions), null/absent otherwise */
  choice?: number[] | null;
}

export interface ItemAnalysis {
  n: number;
  facility: number | null;
  discrimination: number | null;
  optionCounts: number[];
  weak: boolean;
  reasons: ItemReason[];
}

/** Pearson's r; null with fewer than two pairs or a side without variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative tolerance: sums of equal values can leave a rounding residue instead of an exact 0.
  if (sxx <= 1e-12 * (mx * mx * n + 1) || syy <= 1e-12 * (my * my * n + 1)) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export function analyseItem(responses: readonly ItemResponse[], optionCount: number): ItemAnalysis {
  const n = responses.length;
  const optionCounts = new Array<number>(Math.max(0, optionCount)).fill(0);
  let ratioSum = 0;
  for (const r of responses) {
    ratioSum += r.maxMarkTenths > 0 ? r.markTenths / r.maxMarkTenths : 0;
    if (r.choice) {
      for (const c of new Set(r.choice)) if (Number.isInteger(c) && c >= 0 && c < optionCounts.length) optionCounts[c]++;
    }
  }
  const facility = n > 0 ? ratioSum / n : null;
  const discrimination = pearson(
    responses.map((r) => r.markTenths),
    responses.map((r) => r.restTenths),
  );
  const reasons: ItemReason[] = [];
  if (n >= ITEM_THRESHOLDS.minResponses && facility !== null) {
    if (facility < ITEM_THRESHOLDS.tooHardBelow) reasons.push("tooHard");
    if (facility > ITEM_THRESHOLDS.tooEasyAbove) reasons.push("tooEasy");
    if (discrimination !== null) {
      if (discrimination < 0) reasons.push("negativeDiscrimination");
      else if (discrimination < ITEM_THRESHOLDS.lowDiscriminationBelow) reasons.push("lowDiscrimination");
    }
  }
  return { n, facility, discrimination, optionCounts, weak: reasons.length > 0, reasons };
}

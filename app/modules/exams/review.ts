import type { ReviewPolicy } from "./types";

/**
 * When a candidate may see the answer review of an attempt (their answers with the correct
 * options, accepted answers, reference answers and explanations). Pure.
 *
 * Rules, in order:
 * - The exam's review policy: `never` shows nothing; `after_release` waits for the released result;
 *   `after_close` waits for the released result and the close of the attempt's sitting.
 * - Never while the candidate may sit the exam again (issue 8): as long as they have an attempt
 *   left (not passed, attempts not used up) and a sitting of the exam they may still start in is
 *   open or yet to open, the review waits — until their attempts are used up, or the last such
 *   sitting closes (`retakeUntil`), whichever comes first. A retake may draw questions the
 *   review would have answered.
 */

export interface ReviewInput {
  policy: ReviewPolicy;
  released: boolean;
  /** the close of the attempt's own sitting */
  sittingClosesAt: Date;
  /**
   * The latest close of the exam's sittings the candidate may still sit another attempt in (attempt
   * in progress, or attempts left and not passed, see `maySitWhileOpen`); null when there is none.
   */
  retakeUntil: Date | null;
  now: Date;
}

export type ReviewDecision =
  | { open: true }
  | { open: false; reason: "never" }
  | { open: false; reason: "notReleased" }
  /** after_close: opens when the attempt's sitting closes */
  | { open: false; reason: "sittingOpen"; at: Date }
  /** a retake is possible: opens once no attempt is left, at the latest at `at` */
  | { open: false; reason: "retakePossible"; at: Date };

export function reviewDecision(input: ReviewInput): ReviewDecision {
  const { policy, now } = input;
  if (policy === "never") return { open: false, reason: "never" };
  if (!input.released) return { open: false, reason: "notReleased" };
  const closeAt = policy === "after_close" && now.getTime() < input.sittingClosesAt.getTime() ? input.sittingClosesAt : null;
  const retakeAt = input.retakeUntil && now.getTime() < input.retakeUntil.getTime() ? input.retakeUntil : null;
  if (retakeAt)
    return { open: false, reason: "retakePossible", at: closeAt && closeAt.getTime() > retakeAt.getTime() ? closeAt : retakeAt };
  if (closeAt) return { open: false, reason: "sittingOpen", at: closeAt };
  return { open: true };
}

import { isUnanswered } from "./answer-state";
import { AREAS, type Area, type QuestionDraft } from "../question-bank/question";
import type { SlotGrade } from "../question-bank/types/definition";
import { anyDefinition } from "../question-bank/types/registry";
import { UNANSWERED, WRONG } from "../question-bank/types/shared";
import { AREA_GROUP, type AnswerStep, type RawAnswer } from "./types";

/**
 * Grading (评分), pure. A slot's answer is its current step (the one with the highest sequence
 * number); its mark is a function of the question version's key, that answer, the slot's maximum
 * mark and the exam's partial-credit switch. Replaying this function over stored steps is how
 * attempts are graded and regraded.
 */

/** The answer step that counts: the highest sequence number (steps arrive in any order). */
export function currentStep(steps: readonly AnswerStep[]): AnswerStep | null {
  let best: AnswerStep | null = null;
  for (const step of steps) if (!best || step.seq > best.seq) best = step;
  return best;
}

export type { SlotGrade, SlotOutcome } from "../question-bank/types/definition";
export { correctIndices } from "../question-bank/types/choice/choice";

/**
 * Grades one slot.
 *
 * - No answer (null, or an empty selection / empty text): 0, "unanswered".
 * - An answer of another type than the question (a tampered or mixed-up save): 0, "wrong".
 * - Otherwise the question type's `grade` (question-bank/types/): for the existing types —
 * - Single choice and true/false: full marks when exactly right, otherwise 0.
 * - Multiple choice: all or nothing. With partial credit (the exam's switch): any wrong option
 *   chosen gives 0; a non-empty subset of the correct options gives maxMark × chosen ÷ correct,
 *   rounded down to a tenth ("partial"); all of them gives full marks.
 * - Fill in the blanks: each blank is compared with its accepted answers after normalisation
 *   (full-width/half-width, case, spaces: see question-bank/normalize.ts). All blanks right: full
 *   marks. With partial credit, maxMark × right blanks ÷ blanks, rounded down to a tenth;
 *   without, 0.
 * - Short answer: no automatic mark (null, "manual"): a grader marks it.
 *
 * Choice answers are in ORIGINAL option indices (0 = A), the key in letters; the shuffle never
 * enters grading. A proportional mark that rounds down to 0 counts as "wrong".
 */
export function gradeSlot(
  question: QuestionDraft,
  answer: RawAnswer | null,
  maxMarkTenths: number,
  options: { partialCredit: boolean },
): SlotGrade {
  if (answer === null) return UNANSWERED;
  if (answer.type !== question.type) return WRONG;
  if (isUnanswered(answer)) return UNANSWERED;
  return anyDefinition(question.type).grade(question, answer, maxMarkTenths, options);
}

export interface MarkPair {
  markTenths: number;
  maxMarkTenths: number;
}

/** Per-area sub-scores: 理论 (theory + basics), 实务 (practice + experience), and each area. */
export interface SubScores {
  theory: MarkPair;
  practice: MarkPair;
  byArea: Record<Area, MarkPair>;
}

export interface AttemptSummary {
  /** every slot has a mark */
  complete: boolean;
  /** sum of the marks known so far */
  markTenths: number;
  maxMarkTenths: number;
  /** null until complete */
  passed: boolean | null;
  subScores: SubScores;
}

/** Totals of an attempt. Passing means a total at or above the pass mark, once every slot is marked. */
export function summarizeAttempt(
  slots: readonly { area: Area; maxMarkTenths: number; markTenths: number | null }[],
  passMarkTenths: number,
): AttemptSummary {
  const pair = (): MarkPair => ({ markTenths: 0, maxMarkTenths: 0 });
  const subScores: SubScores = {
    theory: pair(),
    practice: pair(),
    byArea: Object.fromEntries(AREAS.map((a) => [a, pair()])) as Record<Area, MarkPair>,
  };
  let complete = true;
  let markTenths = 0;
  let maxMarkTenths = 0;
  for (const slot of slots) {
    const mark = slot.markTenths ?? 0;
    if (slot.markTenths === null) complete = false;
    markTenths += mark;
    maxMarkTenths += slot.maxMarkTenths;
    for (const bucket of [subScores[AREA_GROUP[slot.area]], subScores.byArea[slot.area]]) {
      bucket.markTenths += mark;
      bucket.maxMarkTenths += slot.maxMarkTenths;
    }
  }
  return { complete, markTenths, maxMarkTenths, passed: complete ? markTenths >= passMarkTenths : null, subScores };
}

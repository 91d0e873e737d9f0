import { matchesBlank } from "../question-bank/normalize";
import { isUnanswered } from "./answer-state";
import { correctPairs } from "../question-bank/types/matching/rules";
import { numericPercent } from "../question-bank/types/numeric/rules";
import { AREAS, optionIndex, type Area, type QuestionDraft } from "../question-bank/question";
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

export type SlotOutcome = "correct" | "partial" | "wrong" | "unanswered" | "manual";
export interface SlotGrade {
  /** null only for a short answer waiting for a grader */
  markTenths: number | null;
  outcome: SlotOutcome;
}

const unanswered: SlotGrade = { markTenths: 0, outcome: "unanswered" };
const wrong: SlotGrade = { markTenths: 0, outcome: "wrong" };

/** The correct option indices of a choice question (letters "ABD" → [0, 1, 3]). */
export function correctIndices(answer: string): number[] {
  return [...new Set([...answer.trim().toUpperCase()].map(optionIndex))].sort((a, b) => a - b);
}

/** A proportional mark, rounded DOWN to a tenth of a point (integer tenths, so no float drift). */
function proportional(maxMarkTenths: number, right: number, of: number): SlotGrade {
  const markTenths = Math.floor((maxMarkTenths * right) / of);
  if (markTenths >= maxMarkTenths) return { markTenths: maxMarkTenths, outcome: "correct" };
  return markTenths > 0 ? { markTenths, outcome: "partial" } : wrong;
}

/**
 * Grades one slot.
 *
 * - No answer (null, or an empty selection / empty text): 0, "unanswered".
 * - An answer of another type than the question (a tampered or mixed-up save): 0, "wrong".
 * - Single choice and true/false: full marks when exactly right, otherwise 0.
 * - Multiple choice: all or nothing. With partial credit (the exam's switch): any wrong option
 *   chosen gives 0; a non-empty subset of the correct options gives maxMark × chosen ÷ correct,
 *   rounded down to a tenth ("partial"); all of them gives full marks.
 * - Fill in the blanks: each blank is compared with its accepted answers after normalisation
 *   (full-width/half-width, case, spaces: see question-bank/normalize.ts). All blanks right: full
 *   marks. With partial credit, maxMark × right blanks ÷ blanks, rounded down to a tenth;
 *   without, 0.
 * - Short answer: no automatic mark (null, "manual"): a grader marks it.
 * - Matching (连线): each premise is right when its chosen response is its key. All right: full
 *   marks. With partial credit, maxMark × right pairs ÷ premises, rounded down to a tenth (the
 *   multiple-choice rule); without, 0.
 * - Numeric: the input is read as a number with an optional accepted unit (question-bank/types/
 *   numeric.ts); within a 100 % answer (value ± tolerance, or a range): full marks. With partial
 *   credit, an answer worth less (GIFT `=%50%3:1`) gives maxMark × percent ÷ 100, rounded down to a
 *   tenth; without, 0. A unit not in the question's list, or no number: 0.
 *
 * Choice answers are in ORIGINAL option indices (0 = A), the key in letters; the shuffle never
 * enters grading. A proportional mark that rounds down to 0 counts as "wrong".
 */
export function gradeSlot(question: QuestionDraft, answer: RawAnswer | null, maxMarkTenths: number, options: { partialCredit: boolean }): SlotGrade {
  if (answer === null) return unanswered;
  if (answer.type !== question.type) return wrong;
  if (isUnanswered(answer)) return unanswered;
  const full: SlotGrade = { markTenths: maxMarkTenths, outcome: "correct" };
  switch (question.type) {
    case "single": {
      const { choice } = answer as Extract<RawAnswer, { type: "single" }>;
      return choice === optionIndex(question.answer.trim().toUpperCase()) ? full : wrong;
    }
    case "truefalse":
      return (answer as Extract<RawAnswer, { type: "truefalse" }>).value === question.answer ? full : wrong;
    case "multiple": {
      const correct = correctIndices(question.answer);
      const chosen = [...new Set((answer as Extract<RawAnswer, { type: "multiple" }>).choices)];
      const wrongChoice = chosen.some((c) => !correct.includes(c));
      if (!wrongChoice && chosen.length === correct.length) return full;
      if (!options.partialCredit || wrongChoice) return wrong;
      return proportional(maxMarkTenths, chosen.length, correct.length);
    }
    case "fill": {
      const given = (answer as Extract<RawAnswer, { type: "fill" }>).blanks;
      const blanks = question.answer.length;
      if (blanks === 0) return wrong;
      let right = 0;
      for (let i = 0; i < blanks; i++) if (matchesBlank(given[i] ?? "", question.answer[i])) right++;
      if (right === blanks) return full;
      if (!options.partialCredit) return wrong;
      return proportional(maxMarkTenths, right, blanks);
    }
    case "short":
      return { markTenths: null, outcome: "manual" };
    case "matching": {
      const { matches } = answer as Extract<RawAnswer, { type: "matching" }>;
      const premises = question.pairs.length;
      if (premises === 0) return wrong;
      const right = correctPairs(question, matches);
      if (right === premises) return full;
      if (!options.partialCredit) return wrong;
      return proportional(maxMarkTenths, right, premises);
    }
    case "numeric": {
      const percent = numericPercent(question, (answer as Extract<RawAnswer, { type: "numeric" }>).text, options.partialCredit);
      if (percent >= 100) return full;
      return percent > 0 ? proportional(maxMarkTenths, percent, 100) : wrong;
    }
  }
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

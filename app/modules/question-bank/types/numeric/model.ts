import type { AnswerKit, DraftCommon } from "../definition";

/**
 * One accepted numeric answer: `value ± tolerance` or `[min, max]`, worth `percent` of the mark
 * (100 for a fully correct answer; less is partial credit). Rules in rules.ts.
 */
export type NumericAnswer =
  { kind: "tolerance"; value: number; tolerance: number; percent: number } | { kind: "range"; min: number; max: number; percent: number };
/** 数值题: accepted answers and the units a candidate may write after the number (may be none). */
export type NumericDraft = DraftCommon & { type: "numeric"; answer: NumericAnswer[]; units: string[] };
/** What the candidate typed: a number, optionally with a unit (read when graded). */
export type NumericResponse = { type: "numeric"; text: string };

export interface Models {
  draft: NumericDraft;
  answer: NumericResponse;
  state: Record<string, never>;
  paper: { type: "numeric"; stemHtml: string; units: string[] };
  /** the accepted answers in words ("3 ± 2", "1 ~ 5", "50%：3 ± 1") and the units */
  review: { type: "numeric"; stemHtml: string; answers: string[]; units: string[] };
}

export const numericAnswerKit: AnswerKit<"numeric"> = {
  isUnanswered: (answer) => answer.text.trim() === "",
};

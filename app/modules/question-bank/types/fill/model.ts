import type { AnswerKit, DraftCommon } from "../definition";

/**
 * 填空题. The stem marks each blank with ____ (4 or more underscores, half- or full-width). `answer`
 * has one entry per blank, in order; each entry lists the accepted answers, compared after
 * `normalizeAnswer`.
 */
export type FillDraft = DraftCommon & { type: "fill"; answer: string[][] };
export type FillAnswer = { type: "fill"; blanks: string[] };

export interface Models {
  draft: FillDraft;
  answer: FillAnswer;
  state: Record<string, never>;
  paper: { type: "fill"; stemHtml: string; blankCount: number };
  review: { type: "fill"; stemHtml: string; acceptedAnswers: string[][] };
}

export const fillAnswerKit: AnswerKit<"fill"> = {
  isUnanswered: (answer) => answer.blanks.every((b) => b.trim() === ""),
};

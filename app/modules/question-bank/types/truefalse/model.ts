import type { AnswerKit, DraftCommon } from "../definition";

/** 判断题. */
export type TrueFalseDraft = DraftCommon & { type: "truefalse"; answer: boolean };
export type TrueFalseAnswer = { type: "truefalse"; value: boolean };

export interface Models {
  draft: TrueFalseDraft;
  answer: TrueFalseAnswer;
  state: Record<string, never>;
  paper: { type: "truefalse"; stemHtml: string };
  review: { type: "truefalse"; stemHtml: string; correctValue: boolean };
}

export const trueFalseAnswerKit: AnswerKit<"truefalse"> = {
  isUnanswered: () => false,
};

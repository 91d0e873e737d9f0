import type { AnswerKit } from "../definition";
import type { ChoiceDraft, ChoicePaper, ChoiceReview, ChoiceState } from "../choice/model";

/** 单选题: one correct letter. */
export type SingleChoiceDraft = ChoiceDraft<"single">;
/** the chosen ORIGINAL option index (0 = A) */
export type SingleAnswer = { type: "single"; choice: number };

export interface Models {
  draft: SingleChoiceDraft;
  answer: SingleAnswer;
  state: ChoiceState;
  paper: ChoicePaper<"single">;
  review: ChoiceReview<"single">;
}

export const singleAnswerKit: AnswerKit<"single"> = {
  isUnanswered: () => false,
};

import type { AnswerKit } from "../definition";
import type { ChoiceDraft, ChoicePaper, ChoiceReview, ChoiceState } from "../choice/model";

/** 多选题: two or more distinct letters in alphabetical order, e.g. "ABD". */
export type MultipleChoiceDraft = ChoiceDraft<"multiple">;
/** the chosen ORIGINAL option indices, ascending */
export type MultipleAnswer = { type: "multiple"; choices: number[] };

export interface Models {
  draft: MultipleChoiceDraft;
  answer: MultipleAnswer;
  state: ChoiceState;
  paper: ChoicePaper<"multiple">;
  review: ChoiceReview<"multiple">;
}

export const multipleAnswerKit: AnswerKit<"multiple"> = {
  isUnanswered: (answer) => answer.choices.length === 0,
};

import type { AnswerKit, DraftCommon } from "../definition";

/** 简答题: graded by people, with a reference answer (参考答案) and marking points (评分要点). */
export type ShortAnswerDraft = DraftCommon & { type: "short"; answer: string; markingPoints: string[] };
export type ShortAnswer = { type: "short"; text: string };

export interface Models {
  draft: ShortAnswerDraft;
  answer: ShortAnswer;
  state: Record<string, never>;
  paper: { type: "short"; stemHtml: string };
  review: { type: "short"; stemHtml: string; referenceAnswer: string };
}

export const shortAnswerKit: AnswerKit<"short"> = {
  isUnanswered: (answer) => answer.text.trim() === "",
};

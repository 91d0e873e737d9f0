import type { AnswerKit, DraftCommon } from "../definition";

/** A premise and the response it matches (连线题). Two premises may share a response. */
export type MatchingPair = { premise: string; response: string };
/**
 * 连线/匹配: n ≥ 2 premises, each matched to one response; the responses are the distinct responses
 * of the pairs (in order of first appearance) followed by the distractors (responses no premise
 * matches). Rules in rules.ts.
 */
export type MatchingDraft = DraftCommon & { type: "matching"; pairs: MatchingPair[]; distractors: string[] };
/** Per premise (authored order) the ORIGINAL response index chosen, null when none. */
export type MatchingResponse = { type: "matching"; matches: (number | null)[] };
/** shown position i displays original response optionOrder[i]: drawn once per attempt */
export interface MatchingState {
  optionOrder: number[];
}

export interface Models {
  draft: MatchingDraft;
  answer: MatchingResponse;
  state: MatchingState;
  /** premises in authored order; the responses in the candidate's shown order (`index`: ORIGINAL) */
  paper: { type: "matching"; stemHtml: string; premises: string[]; options: { index: number; html: string }[] };
  /** per premise the response chosen (null: none) and the right one */
  review: {
    type: "matching";
    stemHtml: string;
    pairs: { premiseHtml: string; chosenHtml: string | null; correctHtml: string; right: boolean }[];
  };
}

export const matchingAnswerKit: AnswerKit<"matching"> = {
  isUnanswered: (answer) => answer.matches.every((m) => m === null),
};

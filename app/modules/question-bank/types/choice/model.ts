import type { DraftCommon } from "../definition";

/** The data both choice types share (browser-safe, type-only but for the answer kit helpers). */

/** shown position i displays original option optionOrder[i] (0-based) */
export interface ChoiceState {
  optionOrder: number[];
}

export type ChoiceDraft<T extends "single" | "multiple"> = DraftCommon & { type: T; options: string[]; answer: string };

/** The options in the candidate's shown order; `index` is the ORIGINAL option index answers are given in. */
export interface ChoicePaper<T extends "single" | "multiple"> {
  type: T;
  stemHtml: string;
  options: { index: number; html: string }[];
}

/** shown order; `chosen` by the candidate, `correct` per the key */
export interface ChoiceReview<T extends "single" | "multiple"> {
  type: T;
  stemHtml: string;
  options: { letter: string; html: string; chosen: boolean; correct: boolean }[];
}

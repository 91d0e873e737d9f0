import type { QuestionType } from "../question";
import type { AnswerKit } from "./definition";
import { fillAnswerKit } from "./fill/model";
import { matchingAnswerKit } from "./matching/model";
import { numericAnswerKit } from "./numeric/model";
import { multipleAnswerKit } from "./multiple/model";
import { shortAnswerKit } from "./short/model";
import { singleAnswerKit } from "./single/model";
import { trueFalseAnswerKit } from "./truefalse/model";

/**
 * The browser-safe part of every question type (the exam page): no zod, no server code. The full
 * definitions (registry.ts) hold the same objects as their `answer`.
 */
export const ANSWER_KITS: { readonly [T in QuestionType]: AnswerKit<T> } = {
  single: singleAnswerKit,
  multiple: multipleAnswerKit,
  truefalse: trueFalseAnswerKit,
  fill: fillAnswerKit,
  short: shortAnswerKit,
  matching: matchingAnswerKit,
  numeric: numericAnswerKit,
};

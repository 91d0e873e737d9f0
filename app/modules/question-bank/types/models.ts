import type { QuestionType } from "../question";
import type * as Fill from "./fill/model";
import type * as Matching from "./matching/model";
import type * as Numeric from "./numeric/model";
import type * as Multiple from "./multiple/model";
import type * as Short from "./short/model";
import type * as Single from "./single/model";
import type * as TrueFalse from "./truefalse/model";

/**
 * The data of each question type (type-only, browser-safe): its draft (what the bank stores), its
 * answer (what the exam page saves, in ORIGINAL indices), its per-attempt state (drawn at start,
 * stored in exam_attempt_slots.state), and what the candidate sees of it on the exam page and in
 * the review. Each type declares `Models` in its `model.ts`; adding a type is one line here.
 */
export interface QuestionTypeModels {
  single: Single.Models;
  multiple: Multiple.Models;
  truefalse: TrueFalse.Models;
  fill: Fill.Models;
  short: Short.Models;
  matching: Matching.Models;
  numeric: Numeric.Models;
}

/** The common shape every type's models must have. */
export interface TypeModels<T extends QuestionType> {
  draft: { type: T; stem: string; explanation: string };
  answer: { type: T };
  state: object;
  paper: { type: T; stemHtml: string };
  review: { type: T; stemHtml: string };
}

export type DraftOf<T extends QuestionType> = QuestionTypeModels[T]["draft"];
export type AnswerOf<T extends QuestionType> = QuestionTypeModels[T]["answer"];
export type StateOf<T extends QuestionType> = QuestionTypeModels[T]["state"];
export type PaperViewOf<T extends QuestionType> = QuestionTypeModels[T]["paper"];
export type ReviewViewOf<T extends QuestionType> = QuestionTypeModels[T]["review"];

/** Every type's state, as stored (jsonb). */
export type SlotState = StateOf<QuestionType>;

// The registry of models and the list of types must name the same types, each with the common shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: Same<keyof QuestionTypeModels, QuestionType> = true;
void sameTypes;
type Conforming<M extends { [T in QuestionType]: TypeModels<T> }> = M;
export type CheckedModels = Conforming<QuestionTypeModels>;

import { z } from "zod";
import { text } from "../../text";
import { QUESTION_TYPES, type QuestionType } from "../question";
import type { QuestionTypeDefinition } from "./definition";
import { fill } from "./fill";
import { matching } from "./matching";
import { numeric } from "./numeric";
import type { DraftOf } from "./models";
import { multipleChoice } from "./multiple";
import { shortAnswer } from "./short";
import { singleChoice } from "./single";
import { trueFalse } from "./truefalse";

/**
 * THE registry of question types: one definition per type (decision 026). Everything that depends
 * on a question's type looks its definition up here — `definitionOf(type)` — instead of comparing
 * the type. The order is the order types are listed in (blueprints, filters, the GIFT reader's
 * preference for a kind several types read). Server and authoring code; the exam page uses
 * `answer-kits.ts`.
 */
export const QUESTION_TYPE_REGISTRY: { readonly [T in QuestionType]: QuestionTypeDefinition<T> } = {
  single: singleChoice,
  multiple: multipleChoice,
  truefalse: trueFalse,
  fill,
  short: shortAnswer,
  matching,
  numeric,
};

/**
 * A type's definition, typed for any type: the methods take that type's draft/answer/state. Callers
 * holding a union value pass it after checking its `type` is the definition's (see `gradeSlot`).
 */
export function definitionOf<T extends QuestionType>(type: T): QuestionTypeDefinition<T> {
  return QUESTION_TYPE_REGISTRY[type] as QuestionTypeDefinition<T>;
}

/** The definition of a value's type, as the general definition (the caller has matched the type). */
export function anyDefinition(type: QuestionType): QuestionTypeDefinition<QuestionType> {
  return QUESTION_TYPE_REGISTRY[type] as unknown as QuestionTypeDefinition<QuestionType>;
}

/** The types a person grades (阅卷). */
export const MANUALLY_GRADED_TYPES: readonly QuestionType[] = QUESTION_TYPES.filter((t) => QUESTION_TYPE_REGISTRY[t].marking === "people");

type Schemas<K extends "draftSchema" | "answerSchema"> = [
  QuestionTypeDefinition<QuestionType>[K],
  ...QuestionTypeDefinition<QuestionType>[K][],
];
const schemasOf = <K extends "draftSchema" | "answerSchema">(key: K) => QUESTION_TYPES.map((t) => anyDefinition(t)[key]) as Schemas<K>;

/** The shape of a question draft: for content files and JSON columns on read. Unknown keys are dropped. */
export const questionDraftSchema: z.ZodType<DraftOf<QuestionType>> = z.discriminatedUnion("type", schemasOf("draftSchema") as never);

/** A question in a content file: a draft with the stable slug the content import keys on. */
export const contentQuestionSchema = z.intersection(z.object({ slug: text().min(1) }), questionDraftSchema);
export type ContentQuestion = z.infer<typeof contentQuestionSchema>;

/** A content file `content/questions/<bank>.json`. */
export const questionBankFileSchema = z.object({
  bank: z.object({ slug: text().min(1), title: text().min(1) }),
  questions: z.array(contentQuestionSchema),
});
export type QuestionBankFile = z.infer<typeof questionBankFileSchema>;

/** An answer as the exam page sends it (what /api/exam/save and the no-JS form accept). */
export const rawAnswerSchema = z.discriminatedUnion("type", schemasOf("answerSchema") as never) as z.ZodType<
  import("./models").AnswerOf<QuestionType>
>;

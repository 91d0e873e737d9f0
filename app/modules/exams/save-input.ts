import { z } from "zod";
import { LIMITS, type QuestionType } from "../question-bank/question";
import type { RawAnswer } from "./types";

/**
 * What the exam page sends (pure: the zod schemas of the save and event endpoints, and the check
 * that an answer fits its slot). Answers are in ORIGINAL option indices (see types.ts RawAnswer).
 */

export const MAX_SAVES_PER_REQUEST = 50;
/** 简答 answers: generous for a phone, bounded for the database. */
export const MAX_SHORT_ANSWER_LENGTH = 5000;
export const MAX_BLANKS = 20;

const optionIndex = z.number().int().min(0).max(LIMITS.maxOptions - 1);

export const rawAnswerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("single"), choice: optionIndex }),
  z.object({ type: z.literal("multiple"), choices: z.array(optionIndex).max(LIMITS.maxOptions) }),
  z.object({ type: z.literal("truefalse"), value: z.boolean() }),
  z.object({ type: z.literal("fill"), blanks: z.array(z.string().max(LIMITS.blankAnswerLength)).max(MAX_BLANKS) }),
  z.object({ type: z.literal("short"), text: z.string().max(MAX_SHORT_ANSWER_LENGTH) }),
]);

// The schema's output and the shared RawAnswer type must stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof rawAnswerSchema>, RawAnswer> = true;
void schemaMatchesType;

export const saveItemSchema = z.object({
  slotNo: z.number().int().min(1).max(10_000),
  seq: z.number().int().min(1).max(2_147_483_647),
  answer: rawAnswerSchema.nullable(),
  flagged: z.boolean(),
});
export type SaveItem = z.infer<typeof saveItemSchema>;

/** POST /api/exam/save. No saves at all is a ping: it answers the deadline and the server time. */
export const saveRequestSchema = z.object({
  attemptId: z.number().int().positive().max(2_147_483_647),
  saves: z.array(saveItemSchema).max(MAX_SAVES_PER_REQUEST),
});
export type SaveRequest = z.infer<typeof saveRequestSchema>;

export const EVENT_KINDS = ["hidden", "blur", "visible"] as const;
export const eventRequestSchema = z.object({
  attemptId: z.number().int().positive().max(2_147_483_647),
  kind: z.enum(EVENT_KINDS),
});

/** What the server knows of a slot to check an answer against it (never the key). */
export interface SlotShape {
  type: QuestionType;
  /** options shown (single / multiple), 0 otherwise */
  optionCount: number;
  /** blanks in the stem (fill), 0 otherwise */
  blankCount: number;
}

/** Whether an answer is of the slot's type and within its options and blanks. `null` (cleared) always fits. */
export function answerFits(answer: RawAnswer | null, slot: SlotShape): boolean {
  if (answer === null) return true;
  if (answer.type !== slot.type) return false;
  switch (answer.type) {
    case "single":
      return answer.choice < slot.optionCount;
    case "multiple":
      return answer.choices.every((c) => c < slot.optionCount) && new Set(answer.choices).size === answer.choices.length;
    case "fill":
      return answer.blanks.length <= slot.blankCount;
    default:
      return true;
  }
}

export { isUnanswered } from "./answer-state";

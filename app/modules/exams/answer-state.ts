import { ANSWER_KITS } from "../question-bank/types/answer-kits";
import type { AnswerKit } from "../question-bank/types/definition";
import type { RawAnswer } from "./types";

/**
 * Facts about an answer the exam page needs in the browser. Kept apart from save-input.ts, whose zod
 * schemas would otherwise ship to the browser with the page (DESIGN §5: ≤ 120 KB of JavaScript);
 * each type's part is its browser-safe answer kit (question-bank/types/answer-kits.ts).
 */

/** A slot with nothing given: no choice, every blank empty, no text (the type decides). */
export function isUnanswered(answer: RawAnswer | null): boolean {
  if (answer === null) return true;
  const kit = ANSWER_KITS[answer.type] as AnswerKit<RawAnswer["type"]> | undefined;
  // An answer of no known type gives nothing the grader could use.
  return kit ? kit.isUnanswered(answer) : true;
}

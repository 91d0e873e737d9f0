import type { RawAnswer } from "./types";

/**
 * Facts about an answer the exam page needs in the browser. Kept apart from save-input.ts, whose zod
 * schemas would otherwise ship to the browser with the page (DESIGN §5: ≤ 120 KB of JavaScript).
 */

/** A slot with nothing given: no choice, every blank empty, no text, no premise matched. */
export function isUnanswered(answer: RawAnswer | null): boolean {
  if (answer === null) return true;
  switch (answer.type) {
    case "multiple":
      return answer.choices.length === 0;
    case "fill":
      return answer.blanks.every((b) => b.trim() === "");
    case "short":
    case "numeric":
      return answer.text.trim() === "";
    case "matching":
      return answer.matches.every((m) => m === null);
    default:
      return false;
  }
}

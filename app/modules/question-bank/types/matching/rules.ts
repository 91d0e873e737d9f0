import type { MatchingDraft, MatchingPair } from "../../question";

/**
 * 连线/匹配题 (matching), the pure rules: the response list, the key, grading per pair, the answer
 * shape, and the text forms of a pair in files (GIFT `=premise -> response`, the spreadsheet's
 * `premise -> response` cells). No I/O; imported by the question bank and the exam module.
 *
 * Model: n ≥ 2 premises (the pairs, in authored order), each matched to one response. The
 * responses a candidate chooses from are the DISTINCT responses of the pairs, in order of first
 * appearance, followed by the distractors (responses no premise matches, as Moodle's "extra
 * answers"); their indices are the ORIGINAL response indices answers are given in. The exam shows
 * the responses in a per-candidate shuffled order (the slot's optionOrder, drawn once with the paper,
 * see exams/draw.ts), the premises in authored order.
 */

/** The arrow between a premise and its response; in a spreadsheet cell also → and full-width －＞. */
export const PAIR_ARROW = "->";
const ARROW_IN_CELL = /\s*(?:->|－>|-＞|－＞|→)\s*/;

/** The responses a candidate chooses from: distinct pair responses (first appearance), then distractors. */
export function matchingResponses(draft: Pick<MatchingDraft, "pairs" | "distractors">): string[] {
  const responses: string[] = [];
  for (const pair of draft.pairs) if (!responses.includes(pair.response)) responses.push(pair.response);
  for (const d of draft.distractors) if (!responses.includes(d)) responses.push(d);
  return responses;
}

/** The key: per premise, the ORIGINAL index of its response in `matchingResponses`. */
export function matchingKey(draft: Pick<MatchingDraft, "pairs" | "distractors">): number[] {
  const responses = matchingResponses(draft);
  return draft.pairs.map((p) => responses.indexOf(p.response));
}

/** An answer: per premise (authored order) the chosen ORIGINAL response index, or null when none. */
export type MatchingAnswer = { type: "matching"; matches: (number | null)[] };

/** How many premises are matched correctly. */
export function correctPairs(draft: Pick<MatchingDraft, "pairs" | "distractors">, matches: readonly (number | null)[]): number {
  const key = matchingKey(draft);
  let right = 0;
  key.forEach((k, i) => {
    if (matches[i] === k) right++;
  });
  return right;
}

/** Nothing matched. */
export function matchingUnanswered(matches: readonly (number | null)[]): boolean {
  return matches.every((m) => m === null);
}

/** Whether an answer fits a slot: one entry per premise, each null or a shown response. */
export function matchingFits(matches: readonly (number | null)[], premiseCount: number, responseCount: number): boolean {
  return matches.length === premiseCount && matches.every((m) => m === null || (Number.isInteger(m) && m >= 0 && m < responseCount));
}

/**
 * A spreadsheet cell of a 连线题: `premise -> response` is a pair, `-> response` (nothing before the
 * arrow) a distractor; a cell without an arrow is null (the caller reports it).
 */
export function parsePairCell(cell: string): { premise: string; response: string } | null {
  const m = ARROW_IN_CELL.exec(cell);
  if (!m) return null;
  return { premise: cell.slice(0, m.index).trim(), response: cell.slice(m.index + m[0].length).trim() };
}

/** The cell of a pair (`premise -> response`) or of a distractor (`-> response`). */
export function pairCell(pair: MatchingPair | { premise: ""; response: string }): string {
  return pair.premise === "" ? `${PAIR_ARROW} ${pair.response}` : `${pair.premise} ${PAIR_ARROW} ${pair.response}`;
}

/** Pairs and distractors from cells (empty cells skipped); cells without an arrow are returned apart. */
export function pairsFromCells(cells: readonly string[]): {
  pairs: MatchingPair[];
  distractors: string[];
  invalid: { index: number; value: string }[];
} {
  const pairs: MatchingPair[] = [];
  const distractors: string[] = [];
  const invalid: { index: number; value: string }[] = [];
  cells.forEach((cell, index) => {
    if (cell.trim() === "") return;
    const pair = parsePairCell(cell);
    if (!pair) invalid.push({ index, value: cell });
    else if (pair.premise === "") distractors.push(pair.response);
    else pairs.push(pair);
  });
  return { pairs, distractors, invalid };
}

/** The cells of a matching question: its pairs, then its distractors. */
export function cellsOfPairs(draft: Pick<MatchingDraft, "pairs" | "distractors">): string[] {
  return [...draft.pairs.map((p) => pairCell(p)), ...draft.distractors.map((d) => pairCell({ premise: "", response: d }))];
}

/**
 * Normalised comparison of typed answers (填空题) and of stems (duplicate detection).
 */

/** A blank in a stem: a run of 4 or more underscores, half-width `_` or full-width `＿` (mixed is fine). */
export const BLANK_PATTERN = /[_＿]{4,}/g;

/** The marker our own writers use for a blank. */
export const BLANK_MARKER = "____";

// Han ideographs, CJK symbols and punctuation (、。「」…), full-width forms that survive NFKC (，is
// folded to "," but ｡ and friends are not), and kana for the odd Japanese quotation.
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\u3040-\\u30ff\\uff00-\\uffef";
const SPACE_BEFORE_CJK = new RegExp(` (?=[${CJK}])`, "gu");
const SPACE_AFTER_CJK = new RegExp(`(?<=[${CJK}]) `, "gu");

/**
 * The comparable form of an answer:
 * - Unicode NFKC, so full-width letters, digits and punctuation equal their half-width forms
 *   (ＡＢＣ = ABC, １年 = 1年, （ = ( ) and the ideographic space is a space;
 * - trimmed, with every run of whitespace collapsed to one space;
 * - no space next to a CJK character ("一 年" = "一年", "1 年" = "1年"): in Chinese text such a space is
 *   typography, never meaning. Spaces between Latin words stay ("party building" ≠ "partybuilding");
 * - lower case.
 */
export function normalizeAnswer(s: string): string {
  return s.normalize("NFKC").trim().replace(/\s+/g, " ").replace(SPACE_BEFORE_CJK, "").replace(SPACE_AFTER_CJK, "").toLowerCase();
}

/** Whether a typed answer matches one of a blank's accepted answers. An empty answer never matches. */
export function matchesBlank(given: string, accepted: readonly string[]): boolean {
  const g = normalizeAnswer(given);
  if (g === "") return false;
  return accepted.some((a) => normalizeAnswer(a) === g);
}

/** The number of blanks (groups of 4+ underscores) in a stem. */
export function countBlanks(stem: string): number {
  return stem.match(BLANK_PATTERN)?.length ?? 0;
}

/**
 * The stem's text around its blanks: n blanks give n + 1 segments (possibly empty), for rendering one
 * input per blank.
 */
export function splitAtBlanks(stem: string): string[] {
  return stem.split(BLANK_PATTERN);
}

/**
 * The key under which two stems count as the same question for duplicate detection: NFKC, blanks
 * unified, all whitespace removed, lower case. "党的根本组织原则是（ ）。" = "党的根本组织原则是（）。".
 * The caller builds `existingStems` for `validateRows` with this function.
 */
export function normalizeStem(stem: string): string {
  return stem.normalize("NFKC").replace(BLANK_PATTERN, BLANK_MARKER).replace(/\s+/g, "").toLowerCase();
}

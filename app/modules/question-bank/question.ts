import type { DraftOf } from "./types/models";

/**
 * The question model (题库). A draft is the content of one question version: what an author writes,
 * what the content files under `content/questions/` hold, and what import and export formats carry.
 * Status (draft / active / retired) and versioning live with the stored question, not here.
 *
 * What depends on the type (its draft's shape and rules, file formats, answers, grading, ...) is
 * in the type's definition under `types/` (decision 026); `validate.ts` checks the common fields and
 * asks the type for the rest.
 */

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "fill", "short", "matching", "numeric"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The four training areas: 党的历史和党建理论 / 党务工作基础知识 / 操作实务 / 经验交流. */
export const AREAS = ["theory", "basics", "practice", "experience"] as const;
export type Area = (typeof AREAS)[number];

/**
 * The Chinese area names as they appear in files (the 领域 column, GIFT categories). These are part of
 * the file formats, not UI labels: the UI takes its labels from the message catalogs.
 */
export const AREA_NAMES_ZH: Readonly<Record<Area, string>> = {
  theory: "党的历史和党建理论",
  basics: "党务工作基础知识",
  practice: "操作实务",
  experience: "经验交流",
};

export const DIFFICULTIES = [1, 2, 3, 4, 5] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Option letters: single and multiple choice questions have 2 to 8 options, A to H. */
export const OPTION_LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;
export type OptionLetter = (typeof OPTION_LETTERS)[number];

export const LIMITS = {
  maxOptions: OPTION_LETTERS.length,
  minOptionsSingle: 2,
  /** With two options a multiple-choice question could only be answered "AB". */
  minOptionsMultiple: 3,
  /** 简答题 marking points travel in the option columns of the spreadsheet template. */
  maxMarkingPoints: OPTION_LETTERS.length,
  stemLength: 2000,
  optionLength: 500,
  knowledgePointLength: 100,
  explanationLength: 5000,
  referenceAnswerLength: 5000,
  blankAnswerLength: 200,
  /** 连线题: at least two premises; premises and distractors share the eight option columns. */
  minMatchingPairs: 2,
  maxMatchingItems: OPTION_LETTERS.length,
  /** 数值题: accepted answers (ranges) and accepted units. */
  maxNumericAnswers: OPTION_LETTERS.length,
  maxNumericUnits: OPTION_LETTERS.length,
  unitLength: 10,
} as const;

/** The fields every question has, whatever its type. */
export type { DraftCommon } from "./types/definition";
export type { SingleChoiceDraft } from "./types/single/model";
export type { MultipleChoiceDraft } from "./types/multiple/model";
export type { TrueFalseDraft } from "./types/truefalse/model";
export type { FillDraft } from "./types/fill/model";
export type { ShortAnswerDraft } from "./types/short/model";
export type { MatchingDraft, MatchingPair } from "./types/matching/model";
export type { NumericDraft, NumericAnswer } from "./types/numeric/model";

/**
 * A question draft of any type: the union of every type's draft (types/models.ts). The zod schema,
 * the validation and everything else that depends on the type are in the type's definition
 * (types/registry.ts, decision 026); `questionDraftSchema` is in types/registry.ts.
 */
export type QuestionDraft = DraftOf<QuestionType>;

export function isArea(value: unknown): value is Area {
  return typeof value === "string" && (AREAS as readonly string[]).includes(value);
}

/** An area from its code or its Chinese name (as in the 领域 column or a GIFT category). */
export function parseArea(value: string): Area | undefined {
  const key = value.normalize("NFKC").replace(/\s+/g, "");
  const code = key.toLowerCase();
  if (isArea(code)) return code;
  return AREAS.find((area) => AREA_NAMES_ZH[area] === key);
}

export function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === "string" && (QUESTION_TYPES as readonly string[]).includes(value);
}

export function isDifficulty(value: unknown): value is Difficulty {
  return typeof value === "number" && (DIFFICULTIES as readonly number[]).includes(value);
}

/** "A" for 0, "B" for 1, ... (beyond H the letters go on, so validation can name them). */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

export function optionIndex(letter: string): number {
  return letter.charCodeAt(0) - 65;
}

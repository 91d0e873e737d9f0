import { z } from "zod";
import { text } from "../text";

/**
 * The question model (题库). A draft is the content of one question version: what an author writes,
 * what the content files under `content/questions/` hold, and what import and export formats carry.
 * Status (draft / active / retired) and versioning live with the stored question, not here.
 *
 * This schema checks shape only; the rules a question must satisfy (an answer letter has an option,
 * a fill-in question has as many answers as blanks, ...) are in `validate.ts`.
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

type Common = {
  stem: string;
  area: Area;
  knowledgePoint: string;
  difficulty: Difficulty;
  /** 解析; may be empty. */
  explanation: string;
};

/** One correct letter, "A".."H". */
export type SingleChoiceDraft = Common & { type: "single"; options: string[]; answer: string };
/** Two or more distinct letters in alphabetical order, e.g. "ABD". */
export type MultipleChoiceDraft = Common & { type: "multiple"; options: string[]; answer: string };
export type TrueFalseDraft = Common & { type: "truefalse"; answer: boolean };
/**
 * The stem marks each blank with ____ (4 or more underscores, half- or full-width). `answer` has one
 * entry per blank, in order; each entry lists the accepted answers, compared after `normalizeAnswer`.
 */
export type FillDraft = Common & { type: "fill"; answer: string[][] };
/** Graded by people: a reference answer (参考答案) and marking points (评分要点). */
export type ShortAnswerDraft = Common & { type: "short"; answer: string; markingPoints: string[] };

/** A premise and the response it matches (连线题). Two premises may share a response. */
export type MatchingPair = { premise: string; response: string };
/**
 * 连线/匹配: n ≥ 2 premises, each matched to one response; the responses are the distinct responses
 * of the pairs (in order of first appearance) followed by the distractors (responses no premise
 * matches). See types/matching/rules.ts.
 */
export type MatchingDraft = Common & { type: "matching"; pairs: MatchingPair[]; distractors: string[] };
/**
 * One accepted numeric answer: `value ± tolerance` or `[min, max]`, worth `percent` of the mark
 * (100 for a fully correct answer; less is partial credit). See types/numeric/rules.ts.
 */
export type NumericAnswer =
  | { kind: "tolerance"; value: number; tolerance: number; percent: number }
  | { kind: "range"; min: number; max: number; percent: number };
/** 数值题: accepted answers and the units a candidate may write after the number (may be none). */
export type NumericDraft = Common & { type: "numeric"; answer: NumericAnswer[]; units: string[] };

export type QuestionDraft = SingleChoiceDraft | MultipleChoiceDraft | TrueFalseDraft | FillDraft | ShortAnswerDraft | MatchingDraft | NumericDraft;

const common = {
  stem: text(),
  area: z.enum(AREAS),
  knowledgePoint: text(),
  difficulty: z.literal(DIFFICULTIES),
  explanation: text(),
};

/** The shape of a question draft: for content files and JSON columns on read. Unknown keys are dropped. */
export const questionDraftSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("single"), ...common, options: z.array(text()), answer: text() }),
  z.object({ type: z.literal("multiple"), ...common, options: z.array(text()), answer: text() }),
  z.object({ type: z.literal("truefalse"), ...common, answer: z.boolean() }),
  z.object({ type: z.literal("fill"), ...common, answer: z.array(z.array(text())) }),
  z.object({ type: z.literal("short"), ...common, answer: text(), markingPoints: z.array(text()) }),
  z.object({
    type: z.literal("matching"),
    ...common,
    pairs: z.array(z.object({ premise: text(), response: text() })),
    distractors: z.array(text()),
  }),
  z.object({
    type: z.literal("numeric"),
    ...common,
    answer: z.array(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("tolerance"), value: z.number(), tolerance: z.number(), percent: z.number() }),
        z.object({ kind: z.literal("range"), min: z.number(), max: z.number(), percent: z.number() }),
      ]),
    ),
    units: z.array(text()),
  }),
]);

/** A question in a content file: a draft with the stable slug the content import keys on. */
export const contentQuestionSchema = z.intersection(z.object({ slug: text().min(1) }), questionDraftSchema);
export type ContentQuestion = z.infer<typeof contentQuestionSchema>;

/** A content file `content/questions/<bank>.json`. */
export const questionBankFileSchema = z.object({
  bank: z.object({ slug: text().min(1), title: text().min(1) }),
  questions: z.array(contentQuestionSchema),
});
export type QuestionBankFile = z.infer<typeof questionBankFileSchema>;

// The declared type and the schema's output must stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof questionDraftSchema>, QuestionDraft> = true;
void schemaMatchesType;

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

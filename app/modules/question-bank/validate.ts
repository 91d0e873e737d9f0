import { countBlanks, normalizeAnswer, normalizeStem } from "./normalize";
import {
  LIMITS,
  OPTION_LETTERS,
  isArea,
  isDifficulty,
  isQuestionType,
  optionIndex,
  optionLetter,
  type QuestionDraft,
} from "./question";
import { PROBLEM_MESSAGES_ZH, type ProblemCode } from "./problem-messages";
import { PAIR_ARROW } from "./types/matching/rules";
import { normalizeUnit } from "./types/numeric/rules";

export { PROBLEM_CODES, PROBLEM_MESSAGES_EN, PROBLEM_MESSAGES_ZH, type ProblemCode } from "./problem-messages";

/**
 * Validation of question drafts, one at a time (authoring, content files) and a whole import file at
 * once (every problem of every row is reported; nothing is imported until the caller decides).
 */

export type Problem = {
  /** Spreadsheet row (header = 1), CSV record, or the GIFT line where the question starts; 0 outside a file. */
  line: number;
  /** The Chinese column header the problem is about ("答案", "选项C", ...); "" for GIFT syntax problems. */
  column: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
  /** What an import changed in a question it still imports (HTML removed, ...): listed, not blocking. */
  notice?: boolean;
};

/** One question read from a file: a draft when it could be decoded, otherwise the problems found. */
export type ParsedRow = {
  line: number;
  draft?: QuestionDraft;
  /** The stem as read, so a row that failed to decode still takes part in duplicate detection. */
  stem?: string;
  /** Problems found while decoding the row (a row with blocking problems has no draft; notices may go with a draft). */
  problems?: readonly Problem[];
};

export const COLUMN = {
  type: "题型",
  stem: "题干",
  answer: "答案",
  explanation: "解析",
  difficulty: "难度",
  knowledgePoint: "知识点",
  area: "领域",
  option: (index: number) => `选项${optionLetter(Math.min(index, OPTION_LETTERS.length - 1))}`,
} as const;

/** Fields whose problem was already reported by a decoder, so the generic checks skip them. */
export type DecodedField = "type" | "area" | "difficulty" | "answer";

/** A draft as it may arrive from outside: any field may be missing or of the wrong kind. */
export type LooseDraft = { [K in "type" | "stem" | "area" | "knowledgePoint" | "difficulty" | "explanation" | "options" | "answer" | "markingPoints" | "pairs" | "distractors" | "units"]?: unknown };

/** Every problem of one draft. `line` is copied into the problems (0 when not from a file). */
export function validateDraft(draft: QuestionDraft, line = 0): Problem[] {
  return checkDraft(draft, line, new Set());
}

/**
 * The checks behind `validateDraft`, for decoders that build a partial draft: fields listed in
 * `reported` had their problem reported already and are not checked again.
 */
export function checkDraft(draft: LooseDraft, line: number, reported: ReadonlySet<DecodedField>): Problem[] {
  const problems: Problem[] = [];
  const add = (column: string, code: ProblemCode, params?: Problem["params"]) =>
    problems.push(params ? { line, column, code, params } : { line, column, code });

  if (!reported.has("type") && !isQuestionType(draft.type)) add(COLUMN.type, "unknownType", { value: String(draft.type ?? "") });

  const stem = typeof draft.stem === "string" ? draft.stem : "";
  if (stem.trim() === "") add(COLUMN.stem, "missingStem");
  else if (stem.length > LIMITS.stemLength) add(COLUMN.stem, "stemTooLong", { max: LIMITS.stemLength, length: stem.length });

  const kp = typeof draft.knowledgePoint === "string" ? draft.knowledgePoint : "";
  if (kp.trim() === "") add(COLUMN.knowledgePoint, "missingKnowledgePoint");
  else if (kp.length > LIMITS.knowledgePointLength) add(COLUMN.knowledgePoint, "textTooLong", { max: LIMITS.knowledgePointLength, length: kp.length });

  if (!reported.has("difficulty") && !isDifficulty(draft.difficulty)) add(COLUMN.difficulty, "difficultyOutOfRange", { value: String(draft.difficulty ?? "") });
  if (!reported.has("area") && !isArea(draft.area)) add(COLUMN.area, "unknownArea", { value: String(draft.area ?? "") });

  if (typeof draft.explanation === "string" && draft.explanation.length > LIMITS.explanationLength) {
    add(COLUMN.explanation, "textTooLong", { max: LIMITS.explanationLength, length: draft.explanation.length });
  }

  const checkAnswer = !reported.has("answer");
  switch (draft.type) {
    case "single":
    case "multiple": {
      const options = stringArray(draft.options);
      const min = draft.type === "single" ? LIMITS.minOptionsSingle : LIMITS.minOptionsMultiple;
      if (options.length < min) add(COLUMN.option(options.length), "tooFewOptions", { min });
      if (options.length > LIMITS.maxOptions) add(COLUMN.option(LIMITS.maxOptions - 1), "tooManyOptions", { max: LIMITS.maxOptions });
      checkItems(options, add);
      if (checkAnswer) checkLetters(draft.type, draft.answer, options.length, add);
      break;
    }
    case "truefalse":
      if (checkAnswer && typeof draft.answer !== "boolean") add(COLUMN.answer, "truefalseAnswerInvalid", { value: String(draft.answer ?? "") });
      break;
    case "fill":
      if (checkAnswer) checkBlanks(stem, draft.answer, add);
      break;
    case "short": {
      if (checkAnswer) {
        const answer = typeof draft.answer === "string" ? draft.answer : "";
        if (answer.trim() === "") add(COLUMN.answer, "answerMissing");
        else if (answer.length > LIMITS.referenceAnswerLength) add(COLUMN.answer, "textTooLong", { max: LIMITS.referenceAnswerLength, length: answer.length });
      }
      const points = stringArray(draft.markingPoints);
      if (points.length > LIMITS.maxMarkingPoints) add(COLUMN.option(LIMITS.maxMarkingPoints - 1), "tooManyOptions", { max: LIMITS.maxMarkingPoints });
      checkItems(points, add, { duplicates: false });
      break;
    }
    case "matching":
      checkMatching(draft.pairs, draft.distractors, add);
      break;
    case "numeric":
      if (checkAnswer) checkNumeric(draft.answer, draft.units, add);
      break;
  }
  return problems;
}

/**
 * 连线题: 2 or more pairs, pairs and distractors together at most 8 (the option columns A–H, pairs
 * first), no empty text, no arrow inside a text (files write `premise -> response`), no premise twice,
 * no distractor equal to a response.
 */
function checkMatching(pairsValue: unknown, distractorsValue: unknown, add: Add) {
  const pairs = Array.isArray(pairsValue)
    ? pairsValue.map((p) => ({
        premise: typeof p?.premise === "string" ? (p.premise as string) : "",
        response: typeof p?.response === "string" ? (p.response as string) : "",
      }))
    : [];
  const distractors = stringArray(distractorsValue);
  if (pairs.length < LIMITS.minMatchingPairs) add(COLUMN.option(pairs.length), "matchingTooFewPairs", { min: LIMITS.minMatchingPairs });
  if (pairs.length + distractors.length > LIMITS.maxMatchingItems) add(COLUMN.option(LIMITS.maxMatchingItems - 1), "matchingTooManyItems", { max: LIMITS.maxMatchingItems });
  const premises = new Map<string, number>();
  const responses = new Set<string>();
  const checkText = (value: string, i: number) => {
    const letter = optionLetter(i);
    if (value.includes(PAIR_ARROW) || value.includes("→")) add(COLUMN.option(i), "matchingArrowInText", { letter, value });
    if (value.length > LIMITS.optionLength) add(COLUMN.option(i), "optionTooLong", { letter, max: LIMITS.optionLength, length: value.length });
  };
  pairs.forEach((pair, i) => {
    const letter = optionLetter(i);
    if (pair.premise.trim() === "" || pair.response.trim() === "") add(COLUMN.option(i), "matchingEmptyPair", { letter });
    checkText(pair.premise, i);
    checkText(pair.response, i);
    const key = normalizeAnswer(pair.premise);
    const first = premises.get(key);
    if (key !== "" && first !== undefined) add(COLUMN.option(i), "matchingDuplicatePremise", { letter, otherLetter: optionLetter(first) });
    else premises.set(key, i);
    responses.add(normalizeAnswer(pair.response));
  });
  const seenDistractors = new Set<string>();
  distractors.forEach((d, k) => {
    const i = pairs.length + k;
    const letter = optionLetter(i);
    if (d.trim() === "") return add(COLUMN.option(i), "emptyOption", { letter });
    checkText(d, i);
    const key = normalizeAnswer(d);
    if (responses.has(key) || seenDistractors.has(key)) add(COLUMN.option(i), "matchingDistractorRepeats", { letter, value: d });
    seenDistractors.add(key);
  });
}

/** 数值题: 1–8 answers, at least one worth 100 %, ranges in order, tolerances ≥ 0; units short, distinct, without digits. */
function checkNumeric(answerValue: unknown, unitsValue: unknown, add: Add) {
  const answers = Array.isArray(answerValue) ? (answerValue as Record<string, unknown>[]) : [];
  if (answers.length === 0) return add(COLUMN.answer, "answerMissing");
  if (answers.length > LIMITS.maxNumericAnswers) add(COLUMN.answer, "numericTooManyAnswers", { max: LIMITS.maxNumericAnswers });
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  for (const a of answers) {
    if (!finite(a?.percent) || (a.percent as number) <= 0 || (a.percent as number) > 100) add(COLUMN.answer, "numericPercentInvalid", { value: String(a?.percent ?? "") });
    if (a?.kind === "range") {
      if (!finite(a.min) || !finite(a.max)) add(COLUMN.answer, "numericAnswerInvalid", { value: `${String(a.min)}..${String(a.max)}` });
      else if (a.min > a.max) add(COLUMN.answer, "numericRangeReversed", { min: a.min, max: a.max });
    } else if (a?.kind === "tolerance") {
      if (!finite(a.value) || !finite(a.tolerance)) add(COLUMN.answer, "numericAnswerInvalid", { value: `${String(a.value)}:${String(a.tolerance)}` });
      else if (a.tolerance < 0) add(COLUMN.answer, "numericToleranceNegative", { value: a.tolerance });
    } else add(COLUMN.answer, "numericAnswerInvalid", { value: String(a?.kind ?? "") });
  }
  if (!answers.some((a) => a?.percent === 100)) add(COLUMN.answer, "numericNeedsFullAnswer");
  const units = stringArray(unitsValue);
  if (units.length > LIMITS.maxNumericUnits) add(COLUMN.option(LIMITS.maxNumericUnits - 1), "tooManyOptions", { max: LIMITS.maxNumericUnits });
  const seen = new Map<string, number>();
  units.forEach((unit, i) => {
    const key = normalizeUnit(unit);
    if (key === "" || key.length > LIMITS.unitLength || /[\d.,+\-|]/.test(key)) return add(COLUMN.option(i), "numericUnitInvalid", { letter: optionLetter(i), value: unit, max: LIMITS.unitLength });
    const first = seen.get(key);
    if (first !== undefined) add(COLUMN.option(i), "duplicateOption", { letter: optionLetter(i), otherLetter: optionLetter(first) });
    else seen.set(key, i);
  });
}

type Add = (column: string, code: ProblemCode, params?: Problem["params"]) => void;

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : "")) : [];
}

/** Options (or marking points): none empty, none too long, no two the same. */
function checkItems(items: readonly string[], add: Add, { duplicates = true } = {}) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const letter = optionLetter(i);
    if (item.trim() === "") {
      add(COLUMN.option(i), "emptyOption", { letter });
      return;
    }
    if (item.length > LIMITS.optionLength) add(COLUMN.option(i), "optionTooLong", { letter, max: LIMITS.optionLength, length: item.length });
    if (!duplicates) return;
    const key = normalizeAnswer(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else add(COLUMN.option(i), "duplicateOption", { letter, otherLetter: optionLetter(first) });
  });
}

function checkLetters(type: "single" | "multiple", answer: unknown, optionCount: number, add: Add) {
  const value = typeof answer === "string" ? answer : "";
  if (value.trim() === "") return add(COLUMN.answer, "answerMissing");
  const letters = [...value];
  const canonical = [...new Set(letters)].sort().join("");
  if (!/^[A-Z]+$/.test(value) || canonical !== value) return add(COLUMN.answer, "answerNotLetters", { value });
  if (type === "single" && letters.length > 1) add(COLUMN.answer, "singleNeedsOneAnswer", { value });
  if (type === "multiple" && letters.length < 2) add(COLUMN.answer, "multipleNeedsTwoAnswers", { value });
  for (const letter of letters) {
    if (optionIndex(letter) >= Math.min(optionCount, LIMITS.maxOptions)) add(COLUMN.answer, "answerLetterWithoutOption", { letter });
  }
}

function checkBlanks(stem: string, answer: unknown, add: Add) {
  const blanks = Array.isArray(answer) ? answer.map((b) => stringArray(b)) : [];
  if (blanks.length === 0) return add(COLUMN.answer, "answerMissing");
  const count = countBlanks(stem);
  if (count !== blanks.length) add(COLUMN.answer, "blankCountMismatch", { blanks: count, answers: blanks.length });
  blanks.forEach((accepted, i) => {
    if (!accepted.some((a) => a.trim() !== "")) add(COLUMN.answer, "blankAnswerMissing", { blank: i + 1 });
    for (const a of accepted) {
      // ； and | separate blanks and alternatives in the spreadsheet formats.
      if (/[;；|｜]/.test(a)) add(COLUMN.answer, "fillAnswerHasSeparator", { value: a });
      else if (a.length > LIMITS.blankAnswerLength) add(COLUMN.answer, "textTooLong", { max: LIMITS.blankAnswerLength, length: a.length });
    }
  });
}

/**
 * Validates the rows of an import file: each row's own problems, then duplicates, within the file
 * (`duplicateInFile`, on the later row) and against the bank (`existingStems` holds
 * `normalizeStem(stem)` of the questions already in the bank). Rows come back in file order; a row is
 * valid only when it has no problem other than notices (which are listed with the problems).
 */
export function validateRows(
  rows: readonly ParsedRow[],
  options: { existingStems: ReadonlySet<string> },
): { valid: { line: number; draft: QuestionDraft }[]; problems: Problem[] } {
  const validator = createRowValidator(options);
  for (const row of rows) validator.add(row);
  return validator.result();
}

/**
 * `validateRows` one row at a time, so that a caller with many rows can let other work in between
 * (the import yields to the event loop every few hundred rows).
 */
export function createRowValidator(options: { existingStems: ReadonlySet<string> }) {
  const valid: { line: number; draft: QuestionDraft }[] = [];
  const problems: Problem[] = [];
  const firstLineOfStem = new Map<string, number>();
  return {
    add(row: ParsedRow) {
      const rowProblems: Problem[] = [...(row.problems ?? [])];
      // A GIFT essay `{}` (Moodle's essays have no reference answer) imports as a short answer
      // without one, with a notice asking for it; it is marked by hand either way. Saving it in the
      // editor later asks for the reference answer as for any short answer.
      const essay = row.problems?.some((p) => p.code === "giftEssayNoReference") ?? false;
      if (row.draft) rowProblems.push(...validateDraft(row.draft, row.line).filter((p) => !(essay && p.code === "answerMissing")));
      const stem = row.draft?.stem ?? row.stem ?? "";
      const key = normalizeStem(stem);
      if (key !== "") {
        const otherLine = firstLineOfStem.get(key);
        if (otherLine === undefined) firstLineOfStem.set(key, row.line);
        else rowProblems.push({ line: row.line, column: COLUMN.stem, code: "duplicateInFile", params: { otherLine } });
        if (options.existingStems.has(key)) rowProblems.push({ line: row.line, column: COLUMN.stem, code: "duplicateInBank" });
      }
      if (row.draft && rowProblems.every((p) => p.notice)) valid.push({ line: row.line, draft: row.draft });
      problems.push(...sortByColumn(rowProblems));
    },
    result() {
      return { valid, problems };
    },
  };
}

const COLUMN_ORDER = ["", COLUMN.type, COLUMN.stem, ...OPTION_LETTERS.map((l) => `选项${l}`), COLUMN.answer, COLUMN.explanation, COLUMN.difficulty, COLUMN.knowledgePoint, COLUMN.area];

/** A row's problems in the order of the template's columns (stable within a column). */
export function sortByColumn(problems: readonly Problem[]): Problem[] {
  const rank = (p: Problem) => {
    const i = COLUMN_ORDER.indexOf(p.column);
    return i === -1 ? COLUMN_ORDER.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** Fills `{{name}}` placeholders, for tests and logs (the UI uses the i18n catalogs). */
export function formatProblem(problem: Problem, messages: Record<ProblemCode, string> = PROBLEM_MESSAGES_ZH): string {
  return messages[problem.code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(problem.params?.[name] ?? ""));
}

import { normalizeStem } from "./normalize";
import { LIMITS, OPTION_LETTERS, isArea, isDifficulty, isQuestionType, type QuestionDraft } from "./question";
import { PROBLEM_MESSAGES_ZH, type ProblemCode } from "./problem-messages";
import { anyDefinition } from "./types/registry";
import { COLUMN } from "./types/shared";

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

export { COLUMN };

/** Fields whose problem was already reported by a decoder, so the generic checks skip them. */
export type DecodedField = "type" | "area" | "difficulty" | "answer";

/** A draft as it may arrive from outside: any field may be missing or of the wrong kind. */
export type LooseDraft = {
  [
    K in
      | "type"
      | "stem"
      | "area"
      | "knowledgePoint"
      | "difficulty"
      | "explanation"
      | "options"
      | "answer"
      | "markingPoints"
      | "pairs"
      | "distractors"
      | "units"
  ]?: unknown;
};

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
  else if (kp.length > LIMITS.knowledgePointLength)
    add(COLUMN.knowledgePoint, "textTooLong", { max: LIMITS.knowledgePointLength, length: kp.length });

  if (!reported.has("difficulty") && !isDifficulty(draft.difficulty))
    add(COLUMN.difficulty, "difficultyOutOfRange", { value: String(draft.difficulty ?? "") });
  if (!reported.has("area") && !isArea(draft.area)) add(COLUMN.area, "unknownArea", { value: String(draft.area ?? "") });

  if (typeof draft.explanation === "string" && draft.explanation.length > LIMITS.explanationLength) {
    add(COLUMN.explanation, "textTooLong", { max: LIMITS.explanationLength, length: draft.explanation.length });
  }

  if (isQuestionType(draft.type)) anyDefinition(draft.type).validate(draft, { add, checkAnswer: !reported.has("answer"), stem });
  return problems;
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

const COLUMN_ORDER = [
  "",
  COLUMN.type,
  COLUMN.stem,
  ...OPTION_LETTERS.map((l) => `选项${l}`),
  COLUMN.answer,
  COLUMN.explanation,
  COLUMN.difficulty,
  COLUMN.knowledgePoint,
  COLUMN.area,
];

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

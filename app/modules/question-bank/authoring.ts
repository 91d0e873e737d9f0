import { checkDraft, validateDraft, type Problem } from "./validate";
import type { DraftCommon } from "./types/definition";
import { OPTION_LETTERS, QUESTION_TYPES, type Area, type QuestionDraft, type QuestionType } from "./question";
import { anyDefinition } from "./types/registry";

/**
 * The authoring form (pure): what the page posts ↔ a QuestionDraft. The problems come from the
 * same validator as file imports, each mapped to the form field it concerns.
 */
export interface QuestionForm {
  type: string;
  stem: string;
  options: string[]; // 8 entries, A–H
  answerChoices: string[]; // letters (single: one, multiple: several)
  answerTf: string; // "true" | "false"
  answerFill: string; // one blank per line, alternatives separated by |
  answerShort: string;
  markingPoints: string; // one per line
  answerMatching: string; // one pair per line "前项 -> 后项"; a distractor "-> 后项"
  answerNumeric: string; // one accepted answer per line: 3, 3:2, 3±2, 1..5; partial %50%3:5
  units: string; // accepted units, separated by spaces, 、 or ，
  explanation: string;
  area: string;
  knowledgePoint: string;
  difficulty: string;
}

export const EMPTY_FORM: QuestionForm = {
  type: "single",
  stem: "",
  options: Array(OPTION_LETTERS.length).fill(""),
  answerChoices: [],
  answerTf: "",
  answerFill: "",
  answerShort: "",
  markingPoints: "",
  answerMatching: "",
  answerNumeric: "",
  units: "",
  explanation: "",
  area: "",
  knowledgePoint: "",
  difficulty: "3",
};

export function formFromValues(values: Record<string, string>, answerChoices: string[]): QuestionForm {
  return {
    type: values.type ?? "",
    stem: values.stem ?? "",
    options: OPTION_LETTERS.map((letter) => values[`option${letter}`] ?? ""),
    answerChoices,
    answerTf: values.answerTf ?? "",
    answerFill: values.answerFill ?? "",
    answerShort: values.answerShort ?? "",
    markingPoints: values.markingPoints ?? "",
    answerMatching: values.answerMatching ?? "",
    answerNumeric: values.answerNumeric ?? "",
    units: values.units ?? "",
    explanation: values.explanation ?? "",
    area: values.area ?? "",
    knowledgePoint: values.knowledgePoint ?? "",
    difficulty: values.difficulty ?? "",
  };
}

export function formFromDraft(draft: QuestionDraft): QuestionForm {
  const options = "options" in draft ? draft.options : [];
  return {
    ...EMPTY_FORM,
    type: draft.type,
    stem: draft.stem,
    options: OPTION_LETTERS.map((_, i) => options[i] ?? ""),
    // The type's answer fields (the others stay empty).
    ...anyDefinition(draft.type).authoring.toForm(draft),
    explanation: draft.explanation,
    area: draft.area,
    knowledgePoint: draft.knowledgePoint,
    difficulty: String(draft.difficulty),
  };
}

/** Which form field a problem belongs to. */
export function fieldOf(problem: Problem): string {
  if (problem.column.startsWith("选项")) return "options";
  return (
    { 题型: "type", 题干: "stem", 答案: "answer", 解析: "explanation", 难度: "difficulty", 知识点: "knowledgePoint", 领域: "area" }[
      problem.column
    ] ?? "stem"
  );
}

export type FormResult = { ok: true; draft: QuestionDraft } | { ok: false; problems: Problem[] };

export function draftFromForm(form: QuestionForm): FormResult {
  const type = form.type as QuestionType;
  if (!QUESTION_TYPES.includes(type))
    return { ok: false, problems: [{ line: 0, column: "题型", code: "unknownType", params: { value: form.type } }] };
  const area = form.area as Area;
  const difficulty = Number(form.difficulty);
  const common = {
    stem: form.stem.trim(),
    area,
    knowledgePoint: form.knowledgePoint.trim(),
    difficulty: difficulty as QuestionDraft["difficulty"],
    explanation: form.explanation.trim(),
  };
  const decoded = anyDefinition(type).authoring.fromForm(form, common);
  // An answer that could not even be read: its problems and those of the common fields.
  if ("problems" in decoded) return { ok: false, problems: [...decoded.problems, ...extraProblems(common)] };
  const draft: QuestionDraft = decoded;
  const problems = validateDraft(draft);
  return problems.length ? { ok: false, problems } : { ok: true, draft };
}

/** The common-field problems of a draft whose answer could not even be decoded. */
function extraProblems(common: DraftCommon): Problem[] {
  return checkDraft(common, 0, new Set(["type", "answer"]));
}

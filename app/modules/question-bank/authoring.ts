import { validateDraft, type Problem } from "./validate";
import { OPTION_LETTERS, QUESTION_TYPES, type Area, type QuestionDraft, type QuestionType } from "./question";
import { cellsOfPairs, pairsFromCells } from "./types/matching/rules";
import { numericCell, parseNumericCell } from "./types/numeric/rules";

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
    answerChoices: draft.type === "single" || draft.type === "multiple" ? draft.answer.split("") : [],
    answerTf: draft.type === "truefalse" ? String(draft.answer) : "",
    answerFill: draft.type === "fill" ? draft.answer.map((alternatives) => alternatives.join("|")).join("\n") : "",
    answerShort: draft.type === "short" ? draft.answer : "",
    markingPoints: draft.type === "short" ? draft.markingPoints.join("\n") : "",
    answerMatching: draft.type === "matching" ? cellsOfPairs(draft).join("\n") : "",
    answerNumeric: draft.type === "numeric" ? numericCell(draft.answer).split("|").join("\n") : "",
    units: draft.type === "numeric" ? draft.units.join(" ") : "",
    explanation: draft.explanation,
    area: draft.area,
    knowledgePoint: draft.knowledgePoint,
    difficulty: String(draft.difficulty),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Which form field a problem belongs to. */
export function fieldOf(problem: Problem): string {
  if (problem.column.startsWith("选项")) return "options";
  return (
    { 题型: "type", 题干: "stem", 答案: "answer", 解析: "explanation", 难度: "difficulty", 知识点: "knowledgePoint", 领域: "area" }[problem.column] ??
    "stem"
  );
}

export type FormResult = { ok: true; draft: QuestionDraft } | { ok: false; problems: Problem[] };

export function draftFromForm(form: QuestionForm): FormResult {
  const type = form.type as QuestionType;
  if (!QUESTION_TYPES.includes(type)) return { ok: false, problems: [{ line: 0, column: "题型", code: "unknownType", params: { value: form.type } }] };
  const area = form.area as Area;
  const difficulty = Number(form.difficulty);
  const common = {
    stem: form.stem.trim(),
    area,
    knowledgePoint: form.knowledgePoint.trim(),
    difficulty: difficulty as QuestionDraft["difficulty"],
    explanation: form.explanation.trim(),
  };
  // Trailing empty options are simply unused; a gap between options is reported by the validator.
  const options = form.options.map((o) => o.trim());
  while (options.length && !options[options.length - 1]) options.pop();
  const letters = [...new Set(form.answerChoices.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort().join("");
  let draft: QuestionDraft;
  switch (type) {
    case "single":
      draft = { ...common, type, options, answer: letters };
      break;
    case "multiple":
      draft = { ...common, type, options, answer: letters };
      break;
    case "truefalse":
      if (form.answerTf !== "true" && form.answerTf !== "false") {
        return { ok: false, problems: [{ line: 0, column: "答案", code: "truefalseAnswerInvalid", params: { value: form.answerTf } }, ...extraProblems(common)] };
      }
      draft = { ...common, type, answer: form.answerTf === "true" };
      break;
    case "fill":
      draft = { ...common, type, answer: lines(form.answerFill).map((line) => line.split("|").map((a) => a.trim()).filter(Boolean)) };
      break;
    case "short":
      draft = { ...common, type, answer: form.answerShort.trim(), markingPoints: lines(form.markingPoints) };
      break;
    case "matching": {
      const { pairs, distractors, invalid } = pairsFromCells(lines(form.answerMatching));
      if (invalid.length) {
        const problems: Problem[] = invalid.map((c) => ({ line: 0, column: "答案", code: "matchingCellNoArrow", params: { letter: String(c.index + 1), value: c.value } }));
        return { ok: false, problems: [...problems, ...extraProblems(common)] };
      }
      draft = { ...common, type, pairs, distractors };
      break;
    }
    case "numeric": {
      const read = parseNumericCell(lines(form.answerNumeric).join("|"));
      if (!read.ok) return { ok: false, problems: [{ line: 0, column: "答案", code: "numericAnswerInvalid", params: { value: read.value } }, ...extraProblems(common)] };
      const units = form.units.split(/[\s、，,;；]+/).map((u) => u.trim()).filter(Boolean);
      draft = { ...common, type, answer: read.answers, units };
      break;
    }
  }
  const problems = validateDraft(draft);
  return problems.length ? { ok: false, problems } : { ok: true, draft };
}

/** The common-field problems of a draft whose answer could not even be decoded. */
function extraProblems(common: Omit<QuestionDraft, "type" | "answer">): Problem[] {
  return validateDraft({ ...common, type: "truefalse", answer: true } as QuestionDraft).filter((p) => p.column !== "答案");
}

import { z } from "zod";
import type { QuestionTypeDefinition } from "../definition";
import { COLUMN, WRONG, full, draftCommonShape } from "../shared";
import { trueFalseAnswerKit } from "./model";

/** How true/false answers are written on export. */
export const TRUE_FALSE_ZH = { true: "对", false: "错" } as const;
const TRUE_WORDS = new Set(["对", "正确", "√", "✓", "✔", "是", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["错", "错误", "×", "✗", "✘", "否", "f", "false", "n", "no"]);

export function parseTrueFalse(value: string): boolean | undefined {
  const key = value.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return undefined;
}

/** 判断题. Full marks when right, otherwise 0. */
export const trueFalse: QuestionTypeDefinition<"truefalse"> = {
  type: "truefalse",
  marking: "auto",
  draftSchema: z.object({
    type: z.literal("truefalse"),
    ...draftCommonShape,
    answer: z.boolean(),
  }),
  validate(draft, { add, checkAnswer }) {
    if (checkAnswer && typeof draft.answer !== "boolean")
      add(COLUMN.answer, "truefalseAnswerInvalid", { value: String(draft.answer ?? "") });
  },
  table: {
    names: ["判断题", "判断", "是非题"],
    help: { options: "", answer: "判断题：对 或 错（也可写作 正确/错误、√/×、是/否、T/F）。" },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "basics-0056",
      draft: {
        type: "truefalse",
        stem: "预备党员的义务同正式党员一样。",
        answer: true,
        explanation: "党章第七条规定，预备党员的义务同正式党员一样；预备党员没有表决权、选举权和被选举权。",
        difficulty: 1,
        knowledgePoint: "预备党员",
        area: "basics",
      },
    },
    decode({ common, answerCell, reportAnswer }) {
      // Some templates repeat 正确/错误 in the option columns of a 判断题; they are ignored.
      const answer = parseTrueFalse(answerCell);
      if (answerCell === "") reportAnswer("answerMissing", "");
      else if (answer === undefined) reportAnswer("truefalseAnswerInvalid", answerCell);
      return { type: "truefalse", ...common, answer: answer ?? false };
    },
    encode: (draft) => ({ items: [], answer: draft.answer ? TRUE_FALSE_ZH.true : TRUE_FALSE_ZH.false }),
  },
  gift: {
    reads: ["truefalse"],
    read: (kit) => ({
      type: "truefalse",
      stem: kit.stemWith("choice"),
      ...kit.common,
      explanation: kit.explanation,
      answer: /^t/i.test(kit.answerTexts[0] ?? ""),
    }),
    write: (draft, kit) => `${kit.stem} {${draft.answer ? "TRUE" : "FALSE"}${kit.feedback}}`,
  },
  authoring: {
    toForm: (draft) => ({ answerTf: String(draft.answer) }),
    fromForm(form, common) {
      if (form.answerTf !== "true" && form.answerTf !== "false")
        return { problems: [{ line: 0, column: COLUMN.answer, code: "truefalseAnswerInvalid", params: { value: form.answerTf } }] };
      return { ...common, type: "truefalse", answer: form.answerTf === "true" };
    },
    answerField: "answerTf-true",
  },
  answer: trueFalseAnswerKit,
  answerSchema: z.object({ type: z.literal("truefalse"), value: z.boolean() }),
  quickParse: (value) => (typeof value.value === "boolean" ? { type: "truefalse", value: value.value } : undefined),
  fromForm({ one }) {
    const value = one("value");
    return value === "true" ? { type: "truefalse", value: true } : value === "false" ? { type: "truefalse", value: false } : null;
  },
  shape: () => ({ optionCount: 0, blankCount: 0 }),
  fits: () => true,
  grade: (draft, answer, max) => (answer.value === draft.answer ? full(max) : WRONG),
  drawState: () => ({}),
  stateSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  paperView: (draft, _state, render) => ({ type: "truefalse", stemHtml: render.markdown(draft.stem) }),
  reviewView: (draft, _state, _answer, render) => ({
    type: "truefalse",
    stemHtml: render.markdown(draft.stem),
    correctValue: draft.answer,
  }),
  regradable: () => true,
  analysis: { options: () => [], chosen: () => null },
};

import { z } from "zod";
import { LIMITS, optionIndex } from "../../question";
import type { QuestionTypeDefinition } from "../definition";
import { choiceDraftSchema, choiceParts, choiceReview, giftChoice, validateChoice } from "../choice/choice";
import { WRONG, full } from "../shared";
import { singleAnswerKit } from "./model";

/** 单选题. Full marks for the one correct option, otherwise 0. */
export const singleChoice: QuestionTypeDefinition<"single"> = {
  type: "single",
  marking: "auto",
  ...choiceParts("single"),
  draftSchema: choiceDraftSchema("single"),
  validate: (draft, { add, checkAnswer }) => validateChoice("single", draft, add, checkAnswer),
  table: {
    names: ["单选题", "单选", "单项选择题", "单项选择", "单择题"],
    help: {
      options: "单选题：选项从选项A开始连续填写，中间不要留空，至少 2 个、最多 8 个（A–H），每个选项不超过 500 字，选项不能重复。",
      answer: "单选题：一个字母，如 B。",
    },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "practice-0001",
      draft: {
        type: "single",
        stem: "按照《中国共产党支部工作条例（试行）》，党支部党员大会一般每（ ）召开1次。",
        options: ["月", "季度", "半年", "年"],
        answer: "B",
        explanation: "支部工作条例规定：党员大会一般每季度召开1次，党支部委员会会议一般每月召开1次，党小组会一般每月召开1次。",
        difficulty: 1,
        knowledgePoint: "三会一课",
        area: "practice",
      },
    },
    ...choiceParts("single").table,
  },
  gift: {
    reads: ["multichoice"],
    read(kit) {
      const { options, correct } = giftChoice(kit);
      // Two or more correct answers make a multiple-choice question; none gives an empty key, which validation reports.
      if (correct.length >= 2) return null;
      return {
        type: "single",
        stem: kit.stemWith("choice"),
        ...kit.common,
        explanation: kit.explanation,
        options,
        answer: correct.join(""),
      };
    },
    write(draft, kit) {
      const correct = new Set(draft.answer);
      const answers = draft.options.map((option, i) => kit.answer(correct.has(String.fromCharCode(65 + i)) ? "=" : "~", option));
      return [`${kit.stem} {`, ...answers.map((a) => `\t${a}`), ...(kit.feedback ? [`\t${kit.feedback}`] : []), "}"].join("\n");
    },
  },
  answer: singleAnswerKit,
  answerSchema: z.object({
    type: z.literal("single"),
    choice: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxOptions - 1),
  }),
  quickParse: (value) => (isIndex(value.choice) ? { type: "single", choice: value.choice } : undefined),
  fromForm({ one }) {
    const choice = one("choice");
    return choice === null || choice === "" ? null : { type: "single", choice: Number(choice) };
  },
  fits: (answer, shape) => answer.choice < shape.optionCount,
  grade: (draft, answer, max) => (answer.choice === optionIndex(draft.answer.trim().toUpperCase()) ? full(max) : WRONG),
  reviewView: (draft, state, answer, render) => choiceReview("single", draft, state, answer ? [answer.choice] : [], render),
  analysis: { options: (draft) => draft.options, chosen: (answer) => [answer.choice] },
};

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= LIMITS.maxOptions - 1;
}

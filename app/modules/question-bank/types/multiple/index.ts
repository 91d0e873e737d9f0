import { z } from "zod";
import { LIMITS, optionLetter } from "../../question";
import type { QuestionTypeDefinition } from "../definition";
import { choiceDraftSchema, choiceParts, choiceReview, correctIndices, giftChoice, validateChoice } from "../choice/choice";
import { WRONG, full, proportional } from "../shared";
import { multipleAnswerKit } from "./model";

/**
 * 多选题. All or nothing; with the exam's partial credit, a non-empty subset of the correct options
 * (no wrong one) gives maxMark × chosen ÷ correct, rounded down to a tenth.
 */
export const multipleChoice: QuestionTypeDefinition<"multiple"> = {
  type: "multiple",
  marking: "auto",
  ...choiceParts("multiple"),
  draftSchema: choiceDraftSchema("multiple"),
  validate: (draft, { add, checkAnswer }) => validateChoice("multiple", draft, add, checkAnswer),
  table: { names: ["多选题", "多选", "多项选择题", "多项选择", "不定项选择题"], ...choiceParts("multiple").table },
  gift: {
    reads: ["multichoice"],
    read(kit) {
      const { answers, options, correct } = giftChoice(kit);
      if (correct.length < 2) return null;
      // -100 on a wrong option is what our rule does anyway (a wrong option scores nothing);
      // a smaller deduction cannot be kept, and the admin is told.
      const deductions = answers.filter((a) => a.weight !== undefined && a.weight < 0 && a.weight !== -100).map((a) => `${kit.weight(a.weight!)}%`);
      if (deductions.length) kit.notice("giftNegativeWeights", { weights: [...new Set(deductions)].join("、") });
      return { type: "multiple", stem: kit.stemWith("choice"), ...kit.common, explanation: kit.explanation, options, answer: correct.join("") };
    },
    write(draft, kit) {
      const correct = new Set(draft.answer);
      const weight = kit.weight(100 / Math.max(correct.size, 1));
      const answers = draft.options.map((option, i) => kit.answer("~", option, correct.has(optionLetter(i)) ? weight : "-100"));
      return [`${kit.stem} {`, ...answers.map((a) => `\t${a}`), ...(kit.feedback ? [`\t${kit.feedback}`] : []), "}"].join("\n");
    },
  },
  answer: multipleAnswerKit,
  answerSchema: z.object({ type: z.literal("multiple"), choices: z.array(z.number().int().min(0).max(LIMITS.maxOptions - 1)).max(LIMITS.maxOptions) }),
  quickParse(value) {
    const choices = value.choices;
    const max = LIMITS.maxOptions - 1;
    if (!Array.isArray(choices) || choices.length > LIMITS.maxOptions || !choices.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 0 && c <= max)) return undefined;
    return { type: "multiple", choices: [...(choices as number[])] };
  },
  fromForm({ all }) {
    const choices = all("choices").map(Number);
    return choices.length ? { type: "multiple", choices: [...new Set(choices)].sort((a, b) => a - b) } : null;
  },
  fits: (answer, shape) => answer.choices.every((c) => c < shape.optionCount) && new Set(answer.choices).size === answer.choices.length,
  grade(draft, answer, max, { partialCredit }) {
    const correct = correctIndices(draft.answer);
    const chosen = [...new Set(answer.choices)];
    const wrongChoice = chosen.some((c) => !correct.includes(c));
    if (!wrongChoice && chosen.length === correct.length) return full(max);
    if (!partialCredit || wrongChoice) return WRONG;
    return proportional(max, chosen.length, correct.length);
  },
  reviewView: (draft, state, answer, render) => choiceReview("multiple", draft, state, answer ? answer.choices : [], render),
  analysis: { options: (draft) => draft.options, chosen: (answer) => answer.choices },
};

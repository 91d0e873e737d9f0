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
  table: {
    names: ["多选题", "多选", "多项选择题", "多项选择", "不定项选择题"],
    help: {
      options: "多选题：同单选题，至少 3 个选项。",
      answer: "多选题：两个或以上字母，如 ABD（也可写作 A,B,D 或 A、B、D，大小写均可）。",
    },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "basics-0040",
      draft: {
        type: "multiple",
        stem: "下列属于党章规定的党员权利的有（ ）。",
        options: [
          "参加党的有关会议，阅读党的有关文件，接受党的教育和培训",
          "对党的工作提出建议和倡议",
          "行使表决权、选举权，有被选举权",
          "向党的上级组织直至中央提出请求、申诉和控告",
          "要求组织优先安排本人晋升职务",
        ],
        answer: "ABCD",
        explanation:
          "党章第四条规定了党员的八项权利，A、B、C、D均在其中。要求优先晋升不是党员权利，党员除了法律和政策规定范围内的个人利益和工作职权以外，不得谋求任何私利和特权。",
        difficulty: 2,
        knowledgePoint: "党员权利",
        area: "basics",
      },
    },
    ...choiceParts("multiple").table,
  },
  gift: {
    reads: ["multichoice"],
    read(kit) {
      const { answers, options, correct } = giftChoice(kit);
      if (correct.length < 2) return null;
      // -100 on a wrong option is what our rule does anyway (a wrong option scores nothing);
      // a smaller deduction cannot be kept, and the admin is told.
      const deductions = answers
        .filter((a) => a.weight !== undefined && a.weight < 0 && a.weight !== -100)
        .map((a) => `${kit.weight(a.weight!)}%`);
      if (deductions.length) kit.notice("giftNegativeWeights", { weights: [...new Set(deductions)].join("、") });
      return {
        type: "multiple",
        stem: kit.stemWith("choice"),
        ...kit.common,
        explanation: kit.explanation,
        options,
        answer: correct.join(""),
      };
    },
    write(draft, kit) {
      const correct = new Set(draft.answer);
      const weight = kit.weight(100 / Math.max(correct.size, 1));
      const answers = draft.options.map((option, i) => kit.answer("~", option, correct.has(optionLetter(i)) ? weight : "-100"));
      return [`${kit.stem} {`, ...answers.map((a) => `\t${a}`), ...(kit.feedback ? [`\t${kit.feedback}`] : []), "}"].join("\n");
    },
  },
  answer: multipleAnswerKit,
  answerSchema: z.object({
    type: z.literal("multiple"),
    choices: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(LIMITS.maxOptions - 1),
      )
      .max(LIMITS.maxOptions),
  }),
  quickParse(value) {
    const choices = value.choices;
    const max = LIMITS.maxOptions - 1;
    if (
      !Array.isArray(choices) ||
      choices.length > LIMITS.maxOptions ||
      !choices.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 0 && c <= max)
    )
      return undefined;
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

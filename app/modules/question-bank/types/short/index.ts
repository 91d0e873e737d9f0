import { z } from "zod";
import { isStorableText, text } from "../../../text";
import { LIMITS } from "../../question";
import type { QuestionTypeDefinition } from "../definition";
import { COLUMN, MANUAL, checkItems, lines, stringArray, draftCommonShape } from "../shared";
import { shortAnswerKit } from "./model";

/** 简答 answers: generous for a phone, bounded for the database. */
export const MAX_SHORT_ANSWER_LENGTH = 5000;

/** 简答题: no automatic mark; a grader marks it in 阅卷. Marking points travel in the option columns. */
export const shortAnswer: QuestionTypeDefinition<"short"> = {
  type: "short",
  marking: "people",
  draftSchema: z.object({
    type: z.literal("short"),
    ...draftCommonShape,
    answer: text(),
    markingPoints: z.array(text()),
  }),
  validate(draft, { add, checkAnswer }) {
    if (checkAnswer) {
      const answer = typeof draft.answer === "string" ? draft.answer : "";
      if (answer.trim() === "") add(COLUMN.answer, "answerMissing");
      else if (answer.length > LIMITS.referenceAnswerLength)
        add(COLUMN.answer, "textTooLong", { max: LIMITS.referenceAnswerLength, length: answer.length });
    }
    const points = stringArray(draft.markingPoints);
    if (points.length > LIMITS.maxMarkingPoints)
      add(COLUMN.option(LIMITS.maxMarkingPoints - 1), "tooManyOptions", { max: LIMITS.maxMarkingPoints });
    checkItems(points, add, { duplicates: false });
  },
  table: {
    names: ["简答题", "简答", "问答题", "问答", "论述题"],
    help: { options: "简答题：在这些列中填写评分要点，每格一条，最多 8 条。", answer: "简答题：参考答案全文。" },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "basics-0084",
      draft: {
        type: "short",
        stem: "请列举党章规定的党员权利（至少五项）。",
        answer:
          "党章规定党员享有以下权利：（一）参加党的有关会议，阅读党的有关文件，接受党的教育和培训；（二）在党的会议上和党报党刊上参加关于党的政策问题的讨论；（三）对党的工作提出建议和倡议；（四）在党的会议上有根据地批评党的任何组织和任何党员，揭发检举违法乱纪事实；（五）行使表决权、选举权，有被选举权；（六）受处分时参加和进行申辩；（七）对决议有不同意见，在坚决执行前提下可以声明保留；（八）向上级组织直至中央提出请求、申诉和控告。",
        markingPoints: [
          "答出五项及以上权利，每项1分，最多5分（5分）",
          "表述准确，未将义务误作权利（2分）",
          "说明预备党员没有表决权、选举权和被选举权（1分）",
          "说明“声明保留”须以坚决执行为前提（2分）",
        ],
        explanation: "共八项权利，列举任意五项即可得要点一满分。",
        difficulty: 2,
        knowledgePoint: "党员权利",
        area: "basics",
      },
    },
    decode: ({ common, optionCells, answerCell }) => ({
      type: "short",
      ...common,
      answer: answerCell,
      markingPoints: optionCells.filter((p) => p !== ""),
    }),
    encode: (draft) => ({ items: draft.markingPoints, answer: draft.answer }),
  },
  gift: {
    reads: ["essay"],
    read(kit) {
      // A Moodle essay is a short answer (marked by hand); without a reference answer it still
      // imports, and the admin is asked to add one (validation lets this one through, see validate.ts).
      const reference = typeof kit.meta.answer === "string" ? kit.meta.answer : "";
      if (reference.trim() === "") kit.notice("giftEssayNoReference", {});
      return {
        type: "short",
        stem: kit.stemWith("choice"),
        ...kit.common,
        explanation: kit.explanation,
        answer: reference,
        markingPoints: kit.meta.markingPoints ?? [],
      };
    },
    write(draft, kit) {
      kit.meta.answer = draft.answer;
      kit.meta.markingPoints = draft.markingPoints;
      return `${kit.stem} {${kit.feedback}}`;
    },
  },
  authoring: {
    toForm: (draft) => ({ answerShort: draft.answer, markingPoints: draft.markingPoints.join("\n") }),
    fromForm: (form, common) => ({ ...common, type: "short", answer: form.answerShort.trim(), markingPoints: lines(form.markingPoints) }),
    answerField: "answerShort",
  },
  answer: shortAnswerKit,
  answerSchema: z.object({ type: z.literal("short"), text: text().max(MAX_SHORT_ANSWER_LENGTH) }),
  quickParse: (value) =>
    typeof value.text === "string" && value.text.length <= MAX_SHORT_ANSWER_LENGTH && isStorableText(value.text)
      ? { type: "short", text: value.text }
      : undefined,
  fromForm({ one }) {
    const value = one("text") ?? "";
    return value.trim() ? { type: "short", text: value } : null;
  },
  shape: () => ({ optionCount: 0, blankCount: 0 }),
  fits: () => true,
  grade: () => MANUAL,
  drawState: () => ({}),
  stateSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  paperView: (draft, _state, render) => ({ type: "short", stemHtml: render.markdown(draft.stem) }),
  reviewView: (draft, _state, _answer, render) => ({ type: "short", stemHtml: render.markdown(draft.stem), referenceAnswer: draft.answer }),
  regradable: () => false,
  analysis: { options: () => [], chosen: () => null },
  manual: {
    answerText: (answer) => answer.text,
    key: (draft) => ({ referenceAnswer: draft.answer, markingPoints: draft.markingPoints }),
  },
};

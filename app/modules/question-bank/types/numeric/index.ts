import { z } from "zod";
import { isStorableText, text } from "../../../text";
import { LIMITS, optionLetter } from "../../question";
import type { AddProblem, QuestionTypeDefinition } from "../definition";
import { COLUMN, WRONG, draftCommonShape, full, lines, proportional } from "../shared";
import { numericAnswerKit, type NumericAnswer } from "./model";
import {
  MAX_NUMERIC_INPUT_LENGTH,
  describeNumericAnswer,
  formatNumber,
  formatNumericSpec,
  normalizeUnit,
  numericCell,
  numericPercent,
  parseNumericCell,
  parseNumericSpec,
} from "./rules";

/**
 * 数值题: accepted answers (value ± tolerance or a range, each with a percentage) and optional units.
 * The candidate's input is stored as typed and read when graded (rules.ts).
 */

/** 1–8 answers, at least one worth 100 %, ranges in order, tolerances ≥ 0; units short, distinct, without digits. */
function checkNumeric(answerValue: unknown, unitsValue: unknown, add: AddProblem, checkAnswer: boolean) {
  const answers = Array.isArray(answerValue) ? (answerValue as Record<string, unknown>[]) : [];
  if (checkAnswer) {
    if (answers.length === 0) add(COLUMN.answer, "answerMissing");
    else {
      if (answers.length > LIMITS.maxNumericAnswers) add(COLUMN.answer, "numericTooManyAnswers", { max: LIMITS.maxNumericAnswers });
      const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
      for (const a of answers) {
        if (!finite(a?.percent) || (a.percent as number) <= 0 || (a.percent as number) > 100)
          add(COLUMN.answer, "numericPercentInvalid", { value: String(a?.percent ?? "") });
        if (a?.kind === "range") {
          if (!finite(a.min) || !finite(a.max)) add(COLUMN.answer, "numericAnswerInvalid", { value: `${String(a.min)}..${String(a.max)}` });
          else if (a.min > a.max) add(COLUMN.answer, "numericRangeReversed", { min: a.min, max: a.max });
        } else if (a?.kind === "tolerance") {
          if (!finite(a.value) || !finite(a.tolerance))
            add(COLUMN.answer, "numericAnswerInvalid", { value: `${String(a.value)}:${String(a.tolerance)}` });
          else if (a.tolerance < 0) add(COLUMN.answer, "numericToleranceNegative", { value: a.tolerance });
        } else add(COLUMN.answer, "numericAnswerInvalid", { value: String(a?.kind ?? "") });
      }
      if (!answers.some((a) => a?.percent === 100)) add(COLUMN.answer, "numericNeedsFullAnswer");
    }
  }
  const units = Array.isArray(unitsValue) ? unitsValue.map((u) => (typeof u === "string" ? u : "")) : [];
  if (units.length > LIMITS.maxNumericUnits)
    add(COLUMN.option(LIMITS.maxNumericUnits - 1), "tooManyOptions", { max: LIMITS.maxNumericUnits });
  const seen = new Map<string, number>();
  units.forEach((unit, i) => {
    const key = normalizeUnit(unit);
    if (key === "" || key.length > LIMITS.unitLength || /[\d.,+\-|]/.test(key))
      return add(COLUMN.option(i), "numericUnitInvalid", { letter: optionLetter(i), value: unit, max: LIMITS.unitLength });
    const first = seen.get(key);
    if (first !== undefined) add(COLUMN.option(i), "duplicateOption", { letter: optionLetter(i), otherLetter: optionLetter(first) });
    else seen.set(key, i);
  });
}

const answerShape = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("tolerance"), value: z.number(), tolerance: z.number(), percent: z.number() }),
  z.object({ kind: z.literal("range"), min: z.number(), max: z.number(), percent: z.number() }),
]);

export const numeric: QuestionTypeDefinition<"numeric"> = {
  type: "numeric",
  marking: "auto",
  draftSchema: z.object({
    type: z.literal("numeric"),
    ...draftCommonShape,
    answer: z.array(answerShape),
    units: z.array(text()),
  }),
  validate(draft, { add, checkAnswer }) {
    checkNumeric(draft.answer, (draft as { units?: unknown }).units, add, checkAnswer);
  },
  table: {
    names: ["数值题", "数值", "数字题", "计算题"],
    decode({ common, optionCells, answerCell, reportAnswer }) {
      const read = answerCell === "" ? ({ ok: true, answers: [] as NumericAnswer[] } as const) : parseNumericCell(answerCell);
      if (!read.ok) reportAnswer("numericAnswerInvalid", read.value);
      return { type: "numeric", ...common, answer: read.ok ? [...read.answers] : [], units: optionCells.filter((u) => u !== "") };
    },
    encode: (draft) => ({ items: draft.units, answer: numericCell(draft.answer) }),
    help: {
      options: "数值题：在这些列中填写考生可以带的单位，每格一个，如 人、名、%，可不填（不填则只能写数字）。",
      answer:
        "数值题：3（精确值）、3:2 或 3±2（3 加减 2，即 1 到 5）、1..5（1 到 5）；多个可接受的答案用竖线“|”分隔，部分得分在前面写比例，如 3|%50%3:1（考生答 2 或 4 得一半分，需考试允许部分得分）。考生可写全角数字、千位逗号（1,000）和所列单位。",
    },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "practice-0095",
      draft: {
        type: "numeric",
        area: "practice",
        knowledgePoint: "党支部设置",
        difficulty: 1,
        stem: "按照《中国共产党支部工作条例（试行）》，有正式党员多少人以上的党支部，应当设立党支部委员会？",
        answer: [
          {
            kind: "tolerance",
            value: 7,
            tolerance: 0,
            percent: 100,
          },
        ],
        units: ["人", "名"],
        explanation:
          "支部工作条例规定：有正式党员7人以上的党支部，设立党支部委员会；正式党员不足7人的党支部，不设委员会，设1名书记，必要时可以设1名副书记。",
      },
    },
  },
  gift: {
    reads: ["numerical"],
    read(kit) {
      // After the block's "#": one answer, or several `=3:0 =%50%3:1` (a `~` answer is a wrong one).
      const body = (kit.answerTexts[0] ?? "").slice(1);
      const items = /[=~]/.test(body) ? kit.answers(body) : [{ mark: "" as const, weight: undefined, text: body.split("#")[0].trim() }];
      const answers: NumericAnswer[] = [];
      const dropped: string[] = [];
      for (const item of items) {
        if (item.text === "") continue;
        const weight = item.mark === "~" ? (item.weight ?? 0) : (item.weight ?? 100);
        const value = kit.toText(item.text).trim();
        const answer = parseNumericSpec(value, weight);
        if (!answer) return kit.refuse("giftSyntax", { message: `“${value}” is not a numerical answer (3, 3:2 or 1..5)` });
        if (weight <= 0) dropped.push(formatNumericSpec(answer));
        else answers.push(answer);
      }
      if (dropped.length) kit.notice("giftNumericWrongAnswers", { values: dropped.join("、") });
      return {
        type: "numeric",
        stem: kit.stemWith("choice"),
        ...kit.common,
        explanation: kit.explanation,
        answer: answers,
        units: kit.meta.units ?? [],
      };
    },
    write(draft, kit) {
      if (draft.units.length) kit.meta.units = draft.units;
      const [only] = draft.answer;
      const body =
        draft.answer.length === 1 && only.percent === 100
          ? formatNumericSpec(only)
          : draft.answer.map((a) => `=${a.percent === 100 ? "" : `%${formatNumber(a.percent)}%`}${formatNumericSpec(a)}`).join(" ");
      return `${kit.stem} {#${body}${kit.feedback}}`;
    },
  },
  authoring: {
    toForm: (draft) => ({ answerNumeric: numericCell(draft.answer).split("|").join("\n"), units: draft.units.join(" ") }),
    fromForm(form, common) {
      const read = parseNumericCell(lines(form.answerNumeric).join("|"));
      if (!read.ok) return { problems: [{ line: 0, column: COLUMN.answer, code: "numericAnswerInvalid", params: { value: read.value } }] };
      const units = form.units
        .split(/[\s、，,;；]+/)
        .map((u: string) => u.trim())
        .filter((u) => u !== "");
      return { ...common, type: "numeric", answer: [...read.answers], units };
    },
    answerField: "answerNumeric",
    optionsField: "units",
  },
  answer: numericAnswerKit,
  answerSchema: z.object({ type: z.literal("numeric"), text: text().max(MAX_NUMERIC_INPUT_LENGTH) }),
  quickParse: (value) =>
    typeof value.text === "string" && value.text.length <= MAX_NUMERIC_INPUT_LENGTH && isStorableText(value.text)
      ? { type: "numeric", text: value.text }
      : undefined,
  fromForm({ one }) {
    const value = (one("number") ?? "").trim();
    return value ? { type: "numeric", text: value } : null;
  },
  shape: () => ({ optionCount: 0, blankCount: 0 }),
  fits: () => true,
  grade(draft, answer, max, { partialCredit }) {
    const percent = numericPercent(draft, answer.text, partialCredit);
    if (percent >= 100) return full(max);
    return percent > 0 ? proportional(max, percent, 100) : WRONG;
  },
  drawState: () => ({}),
  stateSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  paperView: (draft, _state, render) => ({ type: "numeric", stemHtml: render.markdown(draft.stem), units: draft.units }),
  reviewView: (draft, _state, _answer, render) => ({
    type: "numeric",
    stemHtml: render.markdown(draft.stem),
    answers: draft.answer.map((a) => (a.percent === 100 ? "" : `${formatNumber(a.percent)}%：`) + describeNumericAnswer(a)),
    units: draft.units,
  }),
  regradable: () => true,
  analysis: { options: () => [], chosen: () => null },
};

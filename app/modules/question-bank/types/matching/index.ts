import { z } from "zod";
import { text } from "../../../text";
import { normalizeAnswer } from "../../normalize";
import { LIMITS, optionLetter } from "../../question";
import type { AddProblem, QuestionTypeDefinition } from "../definition";
import { COLUMN, WRONG, draftCommonShape, full, lines, proportional } from "../shared";
import { matchingAnswerKit, type MatchingState } from "./model";
import { PAIR_ARROW, cellsOfPairs, correctPairs, matchingKey, matchingResponses, pairsFromCells } from "./rules";

/**
 * 连线/匹配题: n ≥ 2 premises matched to m responses (the pairs' distinct responses and the
 * distractors), the responses shuffled per attempt (state.optionOrder, drawn once), marked per pair.
 */

/**
 * 2 or more pairs, pairs and distractors together at most 8 (the option columns A–H, pairs first),
 * no empty text, no arrow inside a text (files write `premise -> response`), no premise twice, no
 * distractor equal to a response.
 */
function checkMatching(pairsValue: unknown, distractorsValue: unknown, add: AddProblem) {
  const pairs = Array.isArray(pairsValue)
    ? pairsValue.map((p) => ({
        premise: typeof p?.premise === "string" ? (p.premise as string) : "",
        response: typeof p?.response === "string" ? (p.response as string) : "",
      }))
    : [];
  const distractors = Array.isArray(distractorsValue) ? distractorsValue.map((d) => (typeof d === "string" ? d : "")) : [];
  if (pairs.length < LIMITS.minMatchingPairs) add(COLUMN.option(pairs.length), "matchingTooFewPairs", { min: LIMITS.minMatchingPairs });
  if (pairs.length + distractors.length > LIMITS.maxMatchingItems)
    add(COLUMN.option(LIMITS.maxMatchingItems - 1), "matchingTooManyItems", { max: LIMITS.maxMatchingItems });
  const premises = new Map<string, number>();
  const responses = new Set<string>();
  const checkText = (value: string, i: number) => {
    const letter = optionLetter(i);
    if (value.includes(PAIR_ARROW) || value.includes("→")) add(COLUMN.option(i), "matchingArrowInText", { letter, value });
    if (value.length > LIMITS.optionLength)
      add(COLUMN.option(i), "optionTooLong", { letter, max: LIMITS.optionLength, length: value.length });
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
  const seen = new Set<string>();
  distractors.forEach((d, k) => {
    const i = pairs.length + k;
    const letter = optionLetter(i);
    if (d.trim() === "") return add(COLUMN.option(i), "emptyOption", { letter });
    checkText(d, i);
    const key = normalizeAnswer(d);
    if (responses.has(key) || seen.has(key)) add(COLUMN.option(i), "matchingDistractorRepeats", { letter, value: d });
    seen.add(key);
  });
}

const optionIndex = z
  .number()
  .int()
  .min(0)
  .max(LIMITS.maxMatchingItems - 1);
const stateSchema: z.ZodType<MatchingState> = z.object({ optionOrder: z.array(optionIndex) });

export const matching: QuestionTypeDefinition<"matching"> = {
  type: "matching",
  marking: "auto",
  draftSchema: z.object({
    type: z.literal("matching"),
    ...draftCommonShape,
    pairs: z.array(z.object({ premise: text(), response: text() })),
    distractors: z.array(text()),
  }),
  validate(draft, { add }) {
    checkMatching(draft.pairs, draft.distractors, add);
  },
  table: {
    names: ["连线题", "连线", "匹配题", "匹配", "配对题"],
    decode({ common, optionCells, reportOption }) {
      const { pairs, distractors, invalid } = pairsFromCells(optionCells);
      for (const cell of invalid) reportOption(cell.index, "matchingCellNoArrow", { letter: optionLetter(cell.index), value: cell.value });
      return { type: "matching", ...common, pairs, distractors };
    },
    encode: (draft) => ({ items: cellsOfPairs(draft), answer: "" }),
    help: {
      options:
        "连线题：每格填写一组配对“前项 -> 后项”（至少 2 组），干扰项（不与任何前项配对的后项）写“-> 后项”，配对和干扰项合计最多 8 个；考试时后项顺序对每位考生随机打乱，每个前项单独判分。",
      answer: "连线题：不填（配对即答案）。",
    },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "practice-0094",
      draft: {
        type: "matching",
        area: "practice",
        knowledgePoint: "发展党员程序",
        difficulty: 2,
        stem: "按照《中国共产党发展党员工作细则》，将下列发展党员工作环节与其时间要求连线。",
        pairs: [
          {
            premise: "党组织收到入党申请书后派人同入党申请人谈话",
            response: "一个月内",
          },
          {
            premise: "入党积极分子列为发展对象前接受培养教育和考察",
            response: "一年以上",
          },
          {
            premise: "发展对象参加集中培训",
            response: "一般不少于3天（或不少于24个学时）",
          },
          {
            premise: "预备党员的预备期",
            response: "一年",
          },
        ],
        distractors: ["半年"],
        explanation:
          "发展党员工作细则规定：党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话；对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，可列为发展对象；发展对象须参加集中培训，时间一般不少于3天（或不少于24个学时）；预备党员的预备期为一年。",
      },
    },
  },
  gift: {
    reads: ["matching"],
    read(kit) {
      const pairs: { premise: string; response: string }[] = [];
      const distractors: string[] = [];
      for (const a of kit.answers(kit.answerTexts[0] ?? "")) {
        if (a.mark !== "=") kit.refuse("giftSyntax", { message: "each pair of a matching question starts with “=”" });
        const arrow = a.text.indexOf(PAIR_ARROW);
        if (arrow < 0) return kit.refuse("giftSyntax", { message: "each pair of a matching question is “=premise -> response”" });
        const premise = kit.toText(a.text.slice(0, arrow)).trim();
        const response = kit.toText(a.text.slice(arrow + PAIR_ARROW.length)).trim();
        if (premise === "") distractors.push(response);
        else pairs.push({ premise, response });
      }
      // Too few pairs and the like are validation's problems (with their Chinese messages).
      return { type: "matching", stem: kit.stemWith("choice"), ...kit.common, explanation: kit.explanation, pairs, distractors };
    },
    write(draft, kit) {
      const items = [
        ...draft.pairs.map((p) => `=${kit.text(p.premise)} ${PAIR_ARROW} ${kit.escape(p.response)}`),
        ...draft.distractors.map((d) => `= ${PAIR_ARROW} ${kit.escape(d)}`),
      ];
      const out = [`${kit.stem} {`, ...items.map((a) => `\t${a}`)];
      if (kit.feedback) out.push(`\t${kit.feedback}`);
      out.push("}");
      return out.join("\n");
    },
  },
  authoring: {
    toForm: (draft) => ({ answerMatching: cellsOfPairs(draft).join("\n") }),
    fromForm(form, common) {
      const { pairs, distractors, invalid } = pairsFromCells(lines(form.answerMatching));
      if (invalid.length)
        return {
          problems: invalid.map((c) => ({
            line: 0,
            column: COLUMN.answer,
            code: "matchingCellNoArrow" as const,
            params: { letter: String(c.index + 1), value: c.value },
          })),
        };
      return { ...common, type: "matching", pairs, distractors };
    },
    answerField: "answerMatching",
    optionsField: "answerMatching",
  },
  answer: matchingAnswerKit,
  answerSchema: z.object({ type: z.literal("matching"), matches: z.array(optionIndex.nullable()).max(LIMITS.maxMatchingItems) }),
  quickParse(value) {
    const matches = value.matches;
    if (!Array.isArray(matches) || matches.length > LIMITS.maxMatchingItems) return undefined;
    if (!matches.every((m) => m === null || (typeof m === "number" && Number.isInteger(m) && m >= 0 && m < LIMITS.maxMatchingItems)))
      return undefined;
    return { type: "matching", matches: [...(matches as (number | null)[])] };
  },
  fromForm({ all }) {
    const matches = all("match").map((m) => (m === "" ? null : Number(m)));
    return matches.some((m) => m !== null) ? { type: "matching", matches } : null;
  },
  // The premises are not part of the state: an answer is checked against the responses shown (one
  // entry per premise is what the page sends; grading reads only the premises' entries).
  shape: ({ state }) => ({ optionCount: state.optionOrder.length, blankCount: 0 }),
  fits: (answer, shape) => answer.matches.every((m) => m === null || m < shape.optionCount),
  grade(draft, answer, max, { partialCredit }) {
    const premises = draft.pairs.length;
    if (premises === 0) return WRONG;
    const right = correctPairs(draft, answer.matches);
    if (right === premises) return full(max);
    if (!partialCredit) return WRONG;
    return proportional(max, right, premises);
  },
  drawState: (entry, random) => ({ optionOrder: entry.optionCount > 0 ? random.permutation(entry.optionCount) : [] }),
  stateSchema,
  paperView: (draft, state, render) => {
    const responses = matchingResponses(draft);
    return {
      type: "matching",
      stemHtml: render.markdown(draft.stem),
      premises: draft.pairs.map((p) => render.inline(p.premise)),
      options: state.optionOrder.map((original) => ({ index: original, html: render.inline(responses[original] ?? "") })),
    };
  },
  reviewView(draft, _state, answer, render) {
    const responses = matchingResponses(draft);
    const key = matchingKey(draft);
    const matches = answer?.matches ?? [];
    return {
      type: "matching",
      stemHtml: render.markdown(draft.stem),
      pairs: draft.pairs.map((pair, i) => {
        const chosen = matches[i] ?? null;
        return {
          premiseHtml: render.inline(pair.premise),
          chosenHtml: chosen === null ? null : render.inline(responses[chosen] ?? ""),
          correctHtml: render.inline(pair.response),
          right: chosen === key[i],
        };
      }),
    };
  },
  // The drawn response orders index the responses: a corrected key keeps the premises and responses.
  regradable: (original, corrected) =>
    original.pairs.length === corrected.pairs.length && matchingResponses(original).length === matchingResponses(corrected).length,
  // Item analysis: per premise (labelled (1), (2), …), how often it was matched right.
  analysis: {
    options: (draft) => draft.pairs.map((p) => p.premise),
    chosen: (answer, draft) => matchingKey(draft).flatMap((k, i) => (answer.matches[i] === k ? [i] : [])),
    labels: (draft) => draft.pairs.map((_, i) => `(${i + 1})`),
  },
};

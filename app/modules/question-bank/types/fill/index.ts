import { z } from "zod";
import { isStorableText, text } from "../../../text";
import { BLANK_MARKER, BLANK_PATTERN, countBlanks, matchesBlank, splitAtBlanks } from "../../normalize";
import { LIMITS } from "../../question";
import type { AddProblem, QuestionTypeDefinition, Render } from "../definition";
import { COLUMN, WRONG, full, lines, proportional, stringArray, draftCommonShape } from "../shared";
import { fillAnswerKit } from "./model";

/** Blanks an answer may hold (what the page sends is bounded). */
export const MAX_BLANKS = 20;
/** Separators of a fill-in answer on export: between blanks, between accepted alternatives. */
export const BLANK_SEPARATOR = "；";
export const ALTERNATIVE_SEPARATOR = "|";

/** `五|5；二十五|25` → [["五","5"],["二十五","25"]]. A trailing separator is ignored. */
export function parseBlanks(value: string): string[][] {
  if (value.trim() === "") return [];
  const blanks = value.split(/[;；]/).map((blank) =>
    blank
      .split(/[|｜]/)
      .map((a) => a.trim())
      .filter((a) => a !== ""),
  );
  while (blanks.length > 0 && blanks[blanks.length - 1].length === 0) blanks.pop();
  return blanks;
}

function checkBlanks(stem: string, answer: unknown, add: AddProblem) {
  const blanks = Array.isArray(answer) ? answer.map((b) => stringArray(b)) : [];
  if (blanks.length === 0) return add(COLUMN.answer, "answerMissing");
  const count = countBlanks(stem);
  if (count !== blanks.length) add(COLUMN.answer, "blankCountMismatch", { blanks: count, answers: blanks.length });
  blanks.forEach((accepted, i) => {
    if (!accepted.some((a) => a.trim() !== "")) add(COLUMN.answer, "blankAnswerMissing", { blank: i + 1 });
    for (const a of accepted) {
      // ； and | separate blanks and alternatives in the spreadsheet formats.
      if (/[;；|｜]/.test(a)) add(COLUMN.answer, "fillAnswerHasSeparator", { value: a });
      else if (a.length > LIMITS.blankAnswerLength) add(COLUMN.answer, "textTooLong", { max: LIMITS.blankAnswerLength, length: a.length });
    }
  });
}

/** A fill-in stem with each blank as a numbered gap "（1）____". */
export function fillStemHtml(stem: string, render: Render): string {
  const parts = splitAtBlanks(stem);
  return parts.map((part, i) => render.inline(part) + (i < parts.length - 1 ? `<span class="exam-gap">（${i + 1}）</span>` : "")).join("");
}

/**
 * 填空题. Each blank is compared with its accepted answers after normalisation (full-width/half-width,
 * case, spaces: normalize.ts). All blanks right: full marks; with partial credit, maxMark × right
 * blanks ÷ blanks, rounded down to a tenth; without, 0.
 */
export const fill: QuestionTypeDefinition<"fill"> = {
  type: "fill",
  marking: "auto",
  draftSchema: z.object({
    type: z.literal("fill"),
    ...draftCommonShape,
    answer: z.array(z.array(text())),
  }),
  validate(draft, { add, checkAnswer, stem }) {
    if (checkAnswer) checkBlanks(stem, draft.answer, add);
  },
  table: {
    names: ["填空题", "填空"],
    help: {
      options: "",
      answer:
        "填空题：各空答案用中文分号“；”分隔，同一空的多个可接受答案用竖线“|”分隔，如 五|5；二十五|25（判分时忽略全角半角、大小写和多余空格）。",
    },
    // a question of content/questions (a test checks it still matches)
    example: {
      slug: "practice-0076",
      draft: {
        type: "fill",
        stem: "按照发展党员工作细则，发展党员工作分为____个阶段、____个步骤。",
        answer: [
          ["五", "5"],
          ["二十五", "25"],
        ],
        explanation: "五个阶段是申请入党、入党积极分子的确定和教育培养、发展对象的确定和考察、预备党员的接收、预备党员的教育考察和转正。",
        difficulty: 1,
        knowledgePoint: "发展党员程序",
        area: "practice",
      },
    },
    decode: ({ common, answerCell }) => ({ type: "fill", ...common, answer: parseBlanks(answerCell) }),
    encode: (draft) => ({ items: [], answer: draft.answer.map((accepted) => accepted.join(ALTERNATIVE_SEPARATOR)).join(BLANK_SEPARATOR) }),
  },
  gift: {
    reads: ["blanks", "shortanswer", "essay"],
    read(kit) {
      if (kit.kind === "essay") {
        // Our own export of a fill-in question with several blanks: its blanks are in the stem.
        if (!Array.isArray(kit.meta.answer)) return null;
        return { type: "fill", stem: kit.stemWith("none"), ...kit.common, explanation: kit.explanation, answer: kit.meta.answer };
      }
      return {
        type: "fill",
        stem: kit.stemWith("fill"),
        ...kit.common,
        explanation: kit.explanation,
        answer: kit.answerTexts.map((t) => kit.acceptedAnswers(t)),
      };
    },
    write(draft, kit) {
      if (draft.answer.length === 1 && countBlanks(draft.stem) === 1) {
        const marker = draft.stem.match(BLANK_PATTERN)?.[0] ?? BLANK_MARKER;
        if (marker !== BLANK_MARKER) kit.meta.blank = marker;
        const at = draft.stem.search(BLANK_PATTERN);
        const block = `{${draft.answer[0].map((a) => kit.answer("=", a)).join(" ")}${kit.feedback}}`;
        return `${kit.text(draft.stem.slice(0, at))}${block}${kit.escape(draft.stem.slice(at + marker.length))}`;
      }
      kit.meta.answer = draft.answer;
      return `${kit.stem} {${kit.feedback}}`;
    },
  },
  authoring: {
    toForm: (draft) => ({ answerFill: draft.answer.map((alternatives) => alternatives.join("|")).join("\n") }),
    fromForm: (form, common) => ({
      ...common,
      type: "fill",
      answer: lines(form.answerFill).map((line) =>
        line
          .split("|")
          .map((a) => a.trim())
          .filter(Boolean),
      ),
    }),
    answerField: "answerFill",
  },
  answer: fillAnswerKit,
  answerSchema: z.object({ type: z.literal("fill"), blanks: z.array(text().max(LIMITS.blankAnswerLength)).max(MAX_BLANKS) }),
  quickParse(value) {
    const blanks = value.blanks;
    if (
      !Array.isArray(blanks) ||
      blanks.length > MAX_BLANKS ||
      !blanks.every((b) => typeof b === "string" && b.length <= LIMITS.blankAnswerLength && isStorableText(b))
    )
      return undefined;
    return { type: "fill", blanks: [...(blanks as string[])] };
  },
  fromForm({ all }) {
    const blanks = all("blank");
    return blanks.some((b) => b.trim()) ? { type: "fill", blanks } : null;
  },
  shape: ({ stem }) => ({ optionCount: 0, blankCount: countBlanks(stem) }),
  fits: (answer, shape) => answer.blanks.length <= shape.blankCount,
  grade(draft, answer, max, { partialCredit }) {
    const blanks = draft.answer.length;
    if (blanks === 0) return WRONG;
    let right = 0;
    for (let i = 0; i < blanks; i++) if (matchesBlank(answer.blanks[i] ?? "", draft.answer[i])) right++;
    if (right === blanks) return full(max);
    if (!partialCredit) return WRONG;
    return proportional(max, right, blanks);
  },
  drawState: () => ({}),
  stateSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  paperView: (draft, _state, render) => ({
    type: "fill",
    stemHtml: fillStemHtml(draft.stem, render),
    blankCount: splitAtBlanks(draft.stem).length - 1,
  }),
  reviewView: (draft, _state, _answer, render) => ({
    type: "fill",
    stemHtml: fillStemHtml(draft.stem, render),
    acceptedAnswers: draft.answer,
  }),
  regradable: () => true,
  analysis: { options: () => [], chosen: () => null },
};

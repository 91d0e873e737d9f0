import { z } from "zod";
import { text } from "../../text";
import { normalizeAnswer } from "../normalize";
import { AREAS, DIFFICULTIES, LIMITS, OPTION_LETTERS, optionLetter } from "../question";
import type { AddProblem, SlotGrade } from "./definition";

/** Helpers several question types share (pure). */

/** The zod shape of the fields every draft has; a type's draftSchema is z.object({ type: z.literal(…), ...draftCommonShape, … }). */
export const draftCommonShape = {
  stem: text(),
  area: z.enum(AREAS),
  knowledgePoint: text(),
  difficulty: z.literal(DIFFICULTIES),
  explanation: text(),
};

/** The Chinese column headers of the file formats, also the `column` of a problem. */
export const COLUMN = {
  type: "题型",
  stem: "题干",
  answer: "答案",
  explanation: "解析",
  difficulty: "难度",
  knowledgePoint: "知识点",
  area: "领域",
  option: (index: number) => `选项${optionLetter(Math.min(index, OPTION_LETTERS.length - 1))}`,
} as const;

export function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : "")) : [];
}

/** Options (or marking points): none empty, none too long, no two the same. */
export function checkItems(items: readonly string[], add: AddProblem, { duplicates = true } = {}) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const letter = optionLetter(i);
    if (item.trim() === "") {
      add(COLUMN.option(i), "emptyOption", { letter });
      return;
    }
    if (item.length > LIMITS.optionLength)
      add(COLUMN.option(i), "optionTooLong", { letter, max: LIMITS.optionLength, length: item.length });
    if (!duplicates) return;
    const key = normalizeAnswer(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else add(COLUMN.option(i), "duplicateOption", { letter, otherLetter: optionLetter(first) });
  });
}

export const UNANSWERED: SlotGrade = { markTenths: 0, outcome: "unanswered" };
export const WRONG: SlotGrade = { markTenths: 0, outcome: "wrong" };
export const MANUAL: SlotGrade = { markTenths: null, outcome: "manual" };
export function full(maxMarkTenths: number): SlotGrade {
  return { markTenths: maxMarkTenths, outcome: "correct" };
}

/** A proportional mark, rounded DOWN to a tenth of a point (integer tenths, so no float drift). */
export function proportional(maxMarkTenths: number, right: number, of: number): SlotGrade {
  const markTenths = Math.floor((maxMarkTenths * right) / of);
  if (markTenths >= maxMarkTenths) return { markTenths: maxMarkTenths, outcome: "correct" };
  return markTenths > 0 ? { markTenths, outcome: "partial" } : WRONG;
}

/** Non-empty trimmed lines of a textarea. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

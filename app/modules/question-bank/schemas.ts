import { z } from "zod";
import { searchText, text } from "../text";
import { AREAS, DIFFICULTIES, LIMITS, QUESTION_TYPES } from "./question";
import { QUESTION_STATUSES_LIST } from "./statuses";

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => ((values as readonly string[]).includes(v ?? "") ? (v as T[number]) : undefined));

export const questionFilterSchema = z.object({
  q: searchText(100),
  type: optionalEnum(QUESTION_TYPES),
  area: optionalEnum(AREAS),
  knowledgePoint: searchText(100).transform((v) => v || undefined),
  difficulty: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  status: optionalEnum(QUESTION_STATUSES_LIST),
  authorId: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const bankSchema = z.object({
  title: text().trim().min(2, "form.required").max(60, "form.tooLong"),
  countyId: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : undefined)),
});

export const bulkSchema = z.object({
  bulkStatus: optionalEnum(["active", "retired"] as const),
  bulkArea: optionalEnum(AREAS),
});

export const reviewSchema = z.object({
  decision: z.enum(["approve", "return"], { error: "form.choose" }),
  comment: text().trim().max(300, "form.tooLong").default(""),
});

export const importOptionsSchema = z.object({
  goodRowsOnly: text()
    .optional()
    .transform((v) => v === "on" || v === "true"),
  // Imported files are drafts unless the admin chooses otherwise (issue 9 item 4d).
  status: z.enum(["draft", "active"]).catch("draft"),
  // Defaults for what a GIFT file cannot say (a table file has these columns).
  defaultArea: z.enum(AREAS).catch("theory"),
  defaultKnowledgePoint: text()
    .trim()
    .max(LIMITS.knowledgePointLength)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  defaultDifficulty: z.coerce.number().pipe(z.literal(DIFFICULTIES)).catch(3),
});

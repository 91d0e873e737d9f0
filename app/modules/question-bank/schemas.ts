import { z } from "zod";
import { AREAS, QUESTION_TYPES } from "./question";
import { QUESTION_STATUSES_LIST } from "./statuses";

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => ((values as readonly string[]).includes(v ?? "") ? (v as T[number]) : undefined));

export const questionFilterSchema = z.object({
  q: z.string().max(100).catch(""),
  type: optionalEnum(QUESTION_TYPES),
  area: optionalEnum(AREAS),
  knowledgePoint: z.string().max(100).optional().catch(undefined).transform((v) => v || undefined),
  difficulty: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  status: optionalEnum(QUESTION_STATUSES_LIST),
  authorId: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const bankSchema = z.object({
  title: z.string().trim().min(2, "form.required").max(60, "form.tooLong"),
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
  comment: z.string().trim().max(300, "form.tooLong").default(""),
});

export const importOptionsSchema = z.object({
  goodRowsOnly: z.string().optional().transform((v) => v === "on" || v === "true"),
  status: z.enum(["draft", "active"]).catch("active"),
});

import { z } from "zod";
import { text } from "../text";
import { ASSESSMENT_GRADES } from "./rules";

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** 开启年度考核: the year (the use case allows this year or the one before). */
export const openRoundSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/**
 * A town's proposal or the county's change. Lengths are checked by the rule (assessment/rules.ts)
 * so that each problem has its own message; here only what the form can carry.
 */
export const proposeSchema = z.object({
  userId: id,
  grade: z.enum(ASSESSMENT_GRADES, "assessment.gradeRequired"),
  basis: text().max(2000, "form.tooLong").default(""),
  reason: text().max(2000, "form.tooLong").default(""),
});

export const applySchema = z.object({
  leaveMissing: z.literal("on").optional(),
  /** the previewed plan's fingerprint (required to apply: the apply refuses a plan that changed since) */
  plan: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

/** A correction after the round was applied: the corrected grade and a reason. */
export const correctSchema = z.object({
  userId: id,
  grade: z.enum(ASSESSMENT_GRADES, "assessment.gradeRequired"),
  reason: text().max(500, "form.tooLong").default(""),
});

export const roundFilterSchema = z.object({ townId: id.optional().catch(undefined) });

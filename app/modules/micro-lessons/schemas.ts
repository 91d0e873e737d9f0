import { z } from "zod";
import { text } from "../text";

export const AREA_CODES = ["theory", "basics", "practice", "experience"] as const;

/** A media asset id (a UUID) from the upload component's hidden input; empty = none. */
const optionalAssetId = z
  .union([
    z.literal(""),
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "micro.mediaMissing"),
  ])
  .optional()
  .transform((v) => (v ? v : null));

/** Knowledge points typed as one line: separated by commas, 、, ； or new lines. */
const knowledgePoints = text()
  .max(400, "form.tooLong")
  .transform((v) => [
    ...new Set(
      v
        .split(/[,，、;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .refine((list) => list.length <= 10, "micro.form.tooManyPoints")
  .refine((list) => list.every((p) => p.length <= 30), "micro.form.pointTooLong");

/** The lesson form (new and edit). Messages are catalog keys. */
export const lessonFormSchema = z.object({
  title: text().trim().min(2, "form.required").max(60, "form.tooLong"),
  summary: text().trim().max(300, "form.tooLong").default(""),
  area: z.enum(AREA_CODES, { message: "form.choose" }),
  knowledgePoints: knowledgePoints.default([]),
  script: text().max(20_000, "micro.form.scriptTooLong").default(""),
  mediaAssetId: optionalAssetId,
  coverAssetId: optionalAssetId,
  intendedMinutes: z.coerce
    .number({ message: "micro.form.minutesInvalid" })
    .int("micro.form.minutesInvalid")
    .min(1, "micro.form.minutesInvalid")
    .max(120, "micro.form.minutesInvalid"),
});
export type LessonFormInput = z.output<typeof lessonFormSchema>;

/** To submit, a revision needs a script or media (a lesson of nothing is refused). */
export function readyToSubmit(revision: { script: string; mediaAssetId: string | null }): boolean {
  return revision.script.trim().length > 0 || revision.mediaAssetId != null;
}

export const commentSchema = z.object({
  body: text().trim().min(1, "form.required").max(1000, "form.tooLong"),
  positionSeconds: z
    .union([z.literal(""), z.coerce.number().min(0, "micro.form.positionInvalid").max(86_400, "micro.form.positionInvalid")])
    .optional()
    .transform((v) => (typeof v === "number" ? Math.round(v * 10) / 10 : null)),
});

export const decisionSchema = z.object({
  note: text().trim().max(1000, "form.tooLong").default(""),
});

export const ratingSchema = z.object({
  stars: z.coerce.number().int("micro.rate.invalid").min(1, "micro.rate.invalid").max(5, "micro.rate.invalid"),
});

export const scoreSchema = z.object({
  microLessonId: z.coerce.number().int().positive(),
  judge: text().trim().min(1, "form.required").max(20, "form.tooLong"),
  score: z.coerce
    .number({ message: "micro.selection.scoreInvalid" })
    .int("micro.selection.scoreInvalid")
    .min(0, "micro.selection.scoreInvalid")
    .max(100, "micro.selection.scoreInvalid"),
});

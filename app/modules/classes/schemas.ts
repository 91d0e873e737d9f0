import { z } from "zod";
import { text } from "../text";

/** Form schemas of 网上班级 (messages are catalog keys). */

const id = z.coerce.number({ error: "form.invalid" }).int("form.invalid").positive("form.invalid").max(2_147_483_647, "form.invalid");
const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), id.nullable());

/** Title, description, year (last, this or next training year) and town (empty: the whole county). */
export const classDetailsSchema = (currentYear: number) =>
  z.object({
    title: text().trim().min(1, "form.required").max(100, "form.tooLong"),
    description: text().trim().max(2000, "form.tooLong").default(""),
    year: z.coerce
      .number({ error: "classes.errors.year" })
      .int("classes.errors.year")
      .min(currentYear - 1, "classes.errors.year")
      .max(currentYear + 1, "classes.errors.year"),
    townId: optionalId,
  });
export type ClassDetailsInput = z.infer<ReturnType<typeof classDetailsSchema>>;

/** Members to add: picked people (userId, repeated), everyone of a town, or everyone of an organization. */
export const addMembersSchema = z
  .object({
    userIds: z.array(id).max(500, "classes.errors.tooMany").default([]),
    townId: optionalId.default(null),
    organizationId: optionalId.default(null),
  })
  .refine((v) => v.userIds.length > 0 || v.townId != null || v.organizationId != null, {
    message: "classes.errors.noMembersChosen",
    path: ["userIds"],
  });
export type AddMembersInput = z.infer<typeof addMembersSchema>;

/** A content item: a whole course or a single lesson (exactly one). */
export const addContentSchema = z
  .object({ courseId: optionalId.default(null), lessonId: optionalId.default(null) })
  .refine((v) => (v.courseId == null) !== (v.lessonId == null), { message: "classes.errors.chooseContent", path: ["courseId"] });
export type AddContentInput = z.infer<typeof addContentSchema>;

export const setTestSchema = z.object({ examId: optionalId });

/** The edit page's search for people to add. */
export const peopleSearchSchema = z.object({ q: text().trim().max(50).catch("") });

import { z } from "zod";
import { text } from "../text";
import { creditCodeField } from "../accounts/schemas";

export const countySchema = z.object({
  code: text()
    .trim()
    .regex(/^\d{6}$/, "form.countyCode.invalid"),
  name: text().trim().min(2, "form.required").max(30, "form.tooLong"),
});

export const townSchema = z.object({
  name: text().trim().min(2, "form.required").max(30, "form.tooLong"),
});

export const organizationSchema = z.object({
  name: text().trim().min(2, "form.required").max(80, "form.tooLong"),
  type: z.enum(["enterprise", "social"], { error: "form.choose" }),
  creditCode: creditCodeField,
  townId: z.coerce.number({ error: "form.choose" }).int().positive("form.choose"),
});

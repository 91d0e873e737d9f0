import { z } from "zod";
import { creditCodeField } from "../accounts/schemas";

export const countySchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "form.countyCode.invalid"),
  name: z.string().trim().min(2, "form.required").max(30, "form.tooLong"),
});

export const townSchema = z.object({
  name: z.string().trim().min(2, "form.required").max(30, "form.tooLong"),
});

export const organizationSchema = z.object({
  name: z.string().trim().min(2, "form.required").max(80, "form.tooLong"),
  type: z.enum(["enterprise", "social"], { error: "form.choose" }),
  creditCode: creditCodeField,
  townId: z.coerce.number({ error: "form.choose" }).int().positive("form.choose"),
});

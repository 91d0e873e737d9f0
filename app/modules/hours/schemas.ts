import { z } from "zod";
import { text } from "../text";

const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

export function hoursFilterSchema(currentYear: number) {
  return z.object({
    year: z.coerce
      .number()
      .int()
      .min(2000)
      .max(currentYear + 1)
      .catch(currentYear),
    townId: optionalId,
    organizationId: optionalId,
    met: z.enum(["met", "notMet"]).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  });
}

export const offlineClassSchema = z.object({
  title: text().trim().min(2, "form.required").max(80, "form.tooLong"),
  heldOn: text()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "form.date.invalid")
    .refine((v) => !Number.isNaN(Date.parse(v)), "form.date.invalid"),
  location: text().trim().min(2, "form.required").max(80, "form.tooLong"),
  creditHours: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d)?$/, "offline.creditHoursInvalid")
    .transform((v) => Math.round(Number(v) * 10))
    .refine((tenths) => tenths >= 1 && tenths <= 400, "offline.creditHoursInvalid"),
  organizer: text().trim().min(2, "form.required").max(80, "form.tooLong"),
});

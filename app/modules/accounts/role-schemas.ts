import { z } from "zod";
import { searchText } from "../text";

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : undefined));

export const grantRoleSchema = z.object({
  role: z.enum(["lecturer", "town_officer", "county_admin", "system_admin"], { error: "form.choose" }),
  countyId: optionalId,
  townId: optionalId,
});

export const peopleFilterSchema = z.object({
  q: searchText(40),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const revokeRoleSchema = z.object({
  grantId: z.coerce.number({ error: "form.choose" }).int().positive("form.choose").max(2_147_483_647, "form.choose"),
});

import { z } from "zod";
import { text } from "../text";

export const applySchema = z.object({
  statement: text().trim().max(500, "form.tooLong").default(""),
});

export const decisionSchema = z.object({
  decision: z.enum(["approve", "reject"], { error: "form.choose" }),
  reason: text().trim().max(300, "form.tooLong").default(""),
});

export const reviewFilterSchema = z.object({
  status: z.enum(["pending", "approved", "rejected", "all"]).catch("pending"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

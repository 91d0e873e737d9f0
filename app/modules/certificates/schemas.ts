import { z } from "zod";
import { text } from "../text";

/** The attempts picked for a batch of certificates (待发证): at most 500 ids at once. */
export const issueIdsSchema = z.array(z.coerce.number().int().positive().max(2_147_483_647)).max(500);

/**
 * The county admin's decision on a certificate on hold. The reason is free text that goes into the
 * status event, the audit log and the holder's notice: storable text only, 500 characters at most.
 * A revocation without a reason is refused by the action with its own message.
 */
export const holdDecisionSchema = z.object({
  certificateId: z.coerce.number().int().positive().max(2_147_483_647),
  decision: z.enum(["revoke", "keep"]),
  reason: text().max(500, "form.tooLong").default(""),
  /** the one public word the verification page shows for a revocation (the reason text stays private) */
  publicReason: z.enum(["regrade", "misconduct", "request", "other"]).default("regrade"),
});

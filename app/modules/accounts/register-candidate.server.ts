import { eq, or } from "drizzle-orm";
import { db } from "#db/client.server";
import { isUniqueViolation } from "#db/pg-errors";
import { organizations, roleGrants, users } from "#db/schema";
import { appendArchiveEvent } from "../archive/archive.server";
import { decideAttempt, registrationPolicy, retryAfterMinutes } from "../auth/login-throttle";
import { hashPassword } from "../auth/password.server";
import { createSession } from "../auth/session.server";
import { countAttempts } from "../auth/throttle.server";
import { config } from "../config.server";
import type { FieldErrors } from "../forms";
import { checkNewPassword } from "./common-passwords.server";
import { passwordProblemKey } from "./password-rule";
import { PRIVACY_NOTICE_VERSION } from "./privacy-notice.server";
import type { RegisterInput } from "./schemas";

export type RegisterResult =
  | { ok: true; userId: number; token: string; expiresAt: Date }
  | { ok: false; fieldErrors: FieldErrors }
  | { ok: false; throttled: true; retryAfterMinutes: number };

/**
 * 注册: a newcomer becomes a candidate of an organization, and is signed in. Every valid form is
 * counted per address first (REGISTRATIONS_PER_ADDRESS_PER_HOUR, counted atomically like logins:
 * docs/decisions/013), so neither mass registration nor probing which phone numbers are taken
 * scales. A taken phone or ID number gets a message that does not say whose.
 */
export async function registerCandidate(
  input: RegisterInput,
  request: { ip: string; userAgent?: string | null; now?: Date },
): Promise<RegisterResult> {
  const now = request.now ?? new Date();
  const policy = registrationPolicy(config().REGISTRATIONS_PER_ADDRESS_PER_HOUR);
  const key = `register:${request.ip}`;
  const decision = decideAttempt((await countAttempts([{ key, policy }], now)).get(key)!, now, policy);
  if (!decision.allowed) return { ok: false, throttled: true, retryAfterMinutes: retryAfterMinutes(decision.retryAfterMs) };

  // the whole password rule (the form checked length, phone and ID; the common list is here)
  const problem = checkNewPassword(input.password, { phone: input.phone, idNumber: input.idNumber });
  if (problem) return { ok: false, fieldErrors: { password: passwordProblemKey(problem) } };

  const [organization] = await db()
    .select({ id: organizations.id })
    .from(organizations)
    .where(input.creditCode ? eq(organizations.creditCode, input.creditCode) : eq(organizations.id, input.organizationId ?? -1));
  if (!organization) {
    return {
      ok: false,
      fieldErrors: input.creditCode ? { creditCode: "form.creditCode.unknown" } : { organizationId: "form.organization.required" },
    };
  }

  const taken = await db()
    .select({ phone: users.phone, idNumber: users.idNumber })
    .from(users)
    .where(or(eq(users.phone, input.phone), eq(users.idNumber, input.idNumber)));
  const fieldErrors: FieldErrors = {};
  if (taken.some((u) => u.phone === input.phone)) fieldErrors.phone = "form.phone.taken";
  if (taken.some((u) => u.idNumber === input.idNumber)) fieldErrors.idNumber = "form.idNumber.taken";
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };

  const passwordHash = await hashPassword(input.password);
  try {
    return await db().transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          name: input.name,
          phone: input.phone,
          idNumber: input.idNumber,
          passwordHash,
          organizationId: organization.id,
          partyStatus: input.partyStatus,
          partyPost: input.partyPost,
          privacyConsentVersion: PRIVACY_NOTICE_VERSION,
          privacyConsentAt: new Date(),
        })
        .returning({ id: users.id });
      await tx.insert(roleGrants).values({ userId: user.id, role: "candidate", scopeKey: "self" });
      await appendArchiveEvent(tx, {
        userId: user.id,
        type: "registered",
        actorId: user.id,
        data: {
          organizationId: organization.id,
          partyStatus: input.partyStatus,
          partyPost: input.partyPost,
          privacyNotice: PRIVACY_NOTICE_VERSION,
        },
      });
      const session = await createSession(user.id, tx, { userAgent: request.userAgent });
      return { ok: true as const, userId: user.id, ...session };
    });
  } catch (error) {
    // Two registrations racing for the same phone or ID number: the unique index decides.
    if (isUniqueViolation(error)) {
      return { ok: false, fieldErrors: { phone: "form.phone.taken" } };
    }
    throw error;
  }
}

import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { forgetOtherDevices } from "../auth/device.server";
import { decideAttempt, PASSWORD_CHECK_POLICY } from "../auth/login-throttle";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { forgetUserSessions } from "../auth/session-cache.server";
import { createSession, invalidateUserSessions } from "../auth/session.server";
import { countAttempts, resetAttempts } from "../auth/throttle.server";
import { notifyPerson } from "../notifications/notifications.server";
import { checkNewPassword } from "./common-passwords.server";
import { passwordProblemKey } from "./password-rule";

export type ChangePasswordResult =
  { ok: true; token: string; expiresAt: Date } | { ok: false; fieldErrors: Record<string, string>; throttled?: true };

/**
 * Changes the password (the new one must satisfy the whole rule, password-rule.ts), ends every
 * session of the person — other devices and the one asking — and opens a new one for the device
 * asking; only that device stays a known device; leaves the person an in-app notice, in the same
 * transaction. The current password is checked at most PASSWORD_CHECK_POLICY.limit times per
 * window and person, counted atomically before the check (a stolen session must not become a way
 * to guess the password; docs/decisions/013 and 016).
 */
export async function changePassword(input: {
  userId: number;
  currentPassword: string;
  newPassword: string;
  /** The hf_device cookie's token of the browser that asks. */
  deviceToken?: string | null;
  userAgent?: string | null;
  now?: Date;
}): Promise<ChangePasswordResult> {
  const now = input.now ?? new Date();
  const key = `password:${input.userId}`;
  const count = (await countAttempts([{ key, policy: PASSWORD_CHECK_POLICY }], now)).get(key)!;
  if (!decideAttempt(count, now, PASSWORD_CHECK_POLICY).allowed) {
    return { ok: false, fieldErrors: { currentPassword: "form.password.tooManyTries" }, throttled: true };
  }
  const [user] = await db()
    .select({ passwordHash: users.passwordHash, phone: users.phone, idNumber: users.idNumber })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: "form.password.currentWrong" } };
  }
  await resetAttempts(key);
  const problem = checkNewPassword(input.newPassword, user);
  if (problem) return { ok: false, fieldErrors: { newPassword: passwordProblemKey(problem) } };
  const passwordHash = await hashPassword(input.newPassword);
  const result = await db().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, input.userId));
    await invalidateUserSessions(input.userId, tx);
    await forgetOtherDevices(input.userId, input.deviceToken, tx);
    const session = await createSession(input.userId, tx, { userAgent: input.userAgent });
    await notifyPerson(tx, input.userId, "passwordChanged", {});
    return { ok: true as const, ...session };
  });
  // after the commit too: a lookup between the delete and the commit saw the old sessions
  forgetUserSessions(input.userId);
  return result;
}

import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { forgetUserSessions } from "../auth/session-cache.server";
import { createSession, invalidateUserSessions } from "../auth/session.server";

export type ChangePasswordResult = { ok: true; token: string; expiresAt: Date } | { ok: false; fieldErrors: Record<string, string> };

/** Changes the password, ends every session of the person (other devices too) and opens a new one. */
export async function changePassword(input: { userId: number; currentPassword: string; newPassword: string }): Promise<ChangePasswordResult> {
  const [user] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: "form.password.currentWrong" } };
  }
  const passwordHash = await hashPassword(input.newPassword);
  const result = await db().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, input.userId));
    await invalidateUserSessions(input.userId, tx);
    const session = await createSession(input.userId, tx);
    return { ok: true as const, ...session };
  });
  // after the commit too: a lookup between the delete and the commit saw the old sessions
  forgetUserSessions(input.userId);
  return result;
}

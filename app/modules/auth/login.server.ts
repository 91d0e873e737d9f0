import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { loginThrottle, users } from "#db/schema";
import { normalizeIdNumber } from "../accounts/id-number";
import { normalizePhone } from "../accounts/phone";
import { ACCOUNT_POLICY, ADDRESS_POLICY, decideAttempt, recordFailure, type ThrottlePolicy, type ThrottleState } from "./login-throttle";
import { dummyHash, verifyPassword } from "./password.server";
import { createSession } from "./session.server";

export type LoginResult =
  | { ok: true; userId: number; token: string; expiresAt: Date }
  | { ok: false; problem: "invalidCredentials" }
  | { ok: false; problem: "locked"; retryAfterMinutes: number };

/** Phone or ID number: both are unique. */
function identifierKey(identifier: string): { column: "phone" | "idNumber"; value: string } {
  const phone = normalizePhone(identifier);
  if (/^\d{11}$/.test(phone)) return { column: "phone", value: phone };
  return { column: "idNumber", value: normalizeIdNumber(identifier) };
}

async function loadState(key: string): Promise<ThrottleState | null> {
  const [row] = await db().select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return row ? { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil } : null;
}

async function saveFailure(key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
    const next = recordFailure(row ?? null, now, policy);
    await tx
      .insert(loginThrottle)
      .values({ key, ...next })
      .onConflictDoUpdate({ target: loginThrottle.key, set: next });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Signs in with phone or ID number. Failures are counted per account and per address in the
 * database (so every app instance sees them): after a few the answer is slowed, after more the
 * account or address is refused for a while.
 */
export async function loginWithPassword(input: { identifier: string; password: string; ip: string; now?: Date }): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const { column, value } = identifierKey(input.identifier);
  const accountKey = `account:${value}`;
  const addressKey = `ip:${input.ip}`;
  const [account, address] = await Promise.all([loadState(accountKey), loadState(addressKey)]);
  const decisions = [decideAttempt(account, now, ACCOUNT_POLICY), decideAttempt(address, now, ADDRESS_POLICY)];
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length) {
    const ms = Math.max(...refused.map((d) => (d.allowed ? 0 : d.retryAfterMs)));
    return { ok: false, problem: "locked", retryAfterMinutes: Math.max(1, Math.ceil(ms / 60_000)) };
  }
  const delay = Math.max(...decisions.map((d) => (d.allowed ? d.delayMs : 0)));
  if (delay > 0) await sleep(delay);

  const [user] = await db()
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(column === "phone" ? eq(users.phone, value) : eq(users.idNumber, value));
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !valid) {
    await saveFailure(accountKey, ACCOUNT_POLICY, now);
    await saveFailure(addressKey, ADDRESS_POLICY, now);
    return { ok: false, problem: "invalidCredentials" };
  }
  await db().delete(loginThrottle).where(eq(loginThrottle.key, accountKey));
  const session = await createSession(user.id);
  return { ok: true, userId: user.id, ...session };
}

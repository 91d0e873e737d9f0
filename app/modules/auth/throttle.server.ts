import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { loginThrottle } from "#db/schema";
import type { AttemptCount, ThrottlePolicy } from "./login-throttle";

/**
 * Counts one attempt on each key in ONE statement (`insert … on conflict do update … returning`):
 * the row is locked while it is incremented, so concurrent attempts get distinct numbers. A key
 * whose window has ended starts a new one at 1. The caller decides from the returned numbers
 * (login-throttle.ts) and only then checks the password (docs/decisions/013).
 *
 * Rows are locked in the order of `keys`: callers pass them in a fixed order of kinds (pair,
 * account, address), so two statements never wait on each other in a cycle.
 */
export async function countAttempts(keys: { key: string; policy: ThrottlePolicy }[], now: Date): Promise<Map<string, AttemptCount>> {
  if (!keys.length) return new Map();
  const renew = sql`${loginThrottle.windowEndsAt} <= excluded.window_started_at`;
  const rows = await db()
    .insert(loginThrottle)
    .values(
      keys.map(({ key, policy }) => ({ key, attempts: 1, windowStartedAt: now, windowEndsAt: new Date(now.getTime() + policy.windowMs) })),
    )
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        attempts: sql`case when ${renew} then 1 else ${loginThrottle.attempts} + 1 end`,
        windowStartedAt: sql`case when ${renew} then excluded.window_started_at else ${loginThrottle.windowStartedAt} end`,
        windowEndsAt: sql`case when ${renew} then excluded.window_ends_at else ${loginThrottle.windowEndsAt} end`,
      },
    })
    .returning({ key: loginThrottle.key, attempts: loginThrottle.attempts, windowEndsAt: loginThrottle.windowEndsAt });
  return new Map(rows.map((r) => [r.key, { attempts: r.attempts, windowEndsAt: r.windowEndsAt }]));
}

/**
 * Gives counted attempts back (a success, or an attempt another key refused before it was evaluated).
 * One statement per key, in the order given: a statement never holds two rows at once, so it cannot
 * close a cycle with a counting statement that locks pair → account → address (one multi-row
 * UPDATE locked its rows in scan order and deadlocked against it under 40 concurrent guesses).
 */
export async function takeBackAttempts(keys: string[], now: Date): Promise<void> {
  for (const key of keys) {
    await db()
      .update(loginThrottle)
      .set({ attempts: sql`greatest(${loginThrottle.attempts} - 1, 0)` })
      .where(and(eq(loginThrottle.key, key), gt(loginThrottle.windowEndsAt, now)));
  }
}

/** Forgets a key altogether (the owner got the password right from this address). */
export async function resetAttempts(key: string): Promise<void> {
  await db()
    .delete(loginThrottle)
    .where(inArray(loginThrottle.key, [key]));
}

/** Drops the rows of ended windows (the hourly sweep; a later attempt would start afresh anyway). */
export async function deleteEndedThrottleWindows(now = new Date()): Promise<number> {
  const gone = await db().delete(loginThrottle).where(lte(loginThrottle.windowEndsAt, now)).returning({ key: loginThrottle.key });
  return gone.length;
}

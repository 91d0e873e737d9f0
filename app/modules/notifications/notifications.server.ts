import { and, desc, eq, isNull } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { notifications } from "#db/schema";
import type { Actor } from "../auth/access";
import type { NoticeKind, NoticeParams } from "./notices";

/**
 * The one seam for telling a person about a decision about them (application decided, result
 * released, …): an in-app notice shown on their home page until they mark it read. Call it in the
 * transaction that makes the decision, so the notice exists exactly when the decision does.
 */
export async function notifyPerson<K extends NoticeKind>(
  tx: DbOrTx,
  personId: number,
  kind: K,
  params: NoticeParams[K],
  senderId: number | null = null,
): Promise<void> {
  await tx.insert(notifications).values({ userId: personId, kind, params, senderId });
}

/** The person's unread in-app notifications, newest first. */
export async function listUnreadNotifications(actor: Actor) {
  return db()
    .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.id))
    .limit(5);
}

/** Marks one of the person's own notifications read (someone else's id changes nothing). */
export async function markNotificationRead(actor: Actor, id: number): Promise<void> {
  await db()
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
}

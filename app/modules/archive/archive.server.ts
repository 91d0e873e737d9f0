import type { DbOrTx } from "#db/client.server";
import { archiveEvents } from "#db/schema";
import { int, json, text } from "#db/sql-text.server";

/** Archive event types written so far; later capabilities add theirs. */
export type ArchiveEventType =
  | "registered"
  | "profileChanged"
  | "applicationSubmitted"
  | "applicationApproved"
  | "applicationRejected"
  | "offlineClassAttended"
  /** an exam result was released (app/modules/exams/finalize.server.ts) */
  | "examGraded"
  /** a released exam result changed (a corrected key or a changed mark); the earlier event stays */
  | "examRegraded";

/** Appends to a person's 专项档案. The table refuses updates and deletes. */
export async function appendArchiveEvent(
  tx: DbOrTx,
  event: { userId: number; type: ArchiveEventType; actorId: number | null; reason?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(archiveEvents).values({
    userId: event.userId,
    type: event.type,
    actorId: event.actorId,
    reason: event.reason ?? null,
    data: event.data ?? {},
  });
}

/**
 * The INSERT of appendArchiveEvent as one SQL statement with its values inlined, for a hot path that
 * embeds it in a larger statement (a data-modifying CTE) instead of spending a round trip on it
 * (exam finalisation releasing a result).
 */
export function archiveEventInsertSql(event: { userId: number; type: ArchiveEventType; actorId: number | null; reason?: string | null; data?: Record<string, unknown> }): string {
  const actor = event.actorId === null ? "null" : int(event.actorId);
  const reason = event.reason == null ? "null" : text(event.reason);
  return `insert into archive_events (user_id, type, actor_id, reason, data) values (${int(event.userId)}, ${text(event.type)}, ${actor}, ${reason}, ${json(event.data ?? {})})`;
}

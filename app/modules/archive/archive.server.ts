import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client.server";
import { int, json, text } from "#db/sql-text.server";
import { archiveTime, BODY_VERSION, contentHash, storablePayload, type ArchiveBody } from "./chain";
import { parsePayload, type ArchivePayload, type ArchiveEventType } from "./events";

export type { ArchiveEventType } from "./events";

/** One event to append: typed by its kind (app/modules/archive/events.ts). */
export type ArchiveEventInput = {
  [K in ArchiveEventType]: {
    userId: number;
    type: K;
    actorId: number | null;
    reason?: string | null;
    data: ArchivePayload<K>;
    /** defaults to now; kept at millisecond precision */
    occurredAt?: Date;
  };
}[ArchiveEventType];

export interface PreparedArchiveEvent {
  userId: number;
  type: ArchiveEventType;
  occurredAt: Date;
  actorId: number | null;
  reason: string | null;
  data: Record<string, unknown>;
  v: number;
  contentHash: Buffer;
}

/** Validates the payload against its kind and computes the content hash (the trigger chains it). */
export function prepareArchiveEvent(event: ArchiveEventInput): PreparedArchiveEvent {
  const data = storablePayload(parsePayload(event.type, event.data));
  const occurredAt = archiveTime(event.occurredAt);
  const reason = event.reason ?? null;
  if (reason !== null) storablePayload({ reason });
  const body: ArchiveBody = {
    v: BODY_VERSION,
    userId: event.userId,
    type: event.type,
    occurredAt: occurredAt.toISOString(),
    actorId: event.actorId,
    reason,
    data,
  };
  return {
    userId: event.userId,
    type: event.type,
    occurredAt,
    actorId: event.actorId,
    reason,
    data,
    v: BODY_VERSION,
    contentHash: contentHash(body),
  };
}

function values(e: PreparedArchiveEvent) {
  return sql`(${e.userId}, ${e.type}, ${e.occurredAt.toISOString()}::timestamptz, ${e.actorId}, ${e.reason}, ${JSON.stringify(e.data)}::jsonb, ${e.v}, decode(${e.contentHash.toString("hex")}, 'hex'))`;
}

const COLUMNS = sql.raw("insert into archive_events (user_id, type, occurred_at, actor_id, reason, data, v, content_hash) values ");

/**
 * Appends to a person's 专项档案, in the caller's transaction. The table refuses updates and
 * deletes; the trigger chains the event to the person's previous one (waiting, if another
 * transaction is appending for the same person, until it ends). Returns the new event's id.
 */
export async function appendArchiveEvent(tx: DbOrTx, event: ArchiveEventInput): Promise<number> {
  const result = await tx.execute(sql`${COLUMNS}${values(prepareArchiveEvent(event))} returning id`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: number | string }[];
  return Number(rows[0].id);
}

/** Several events in one statement (callers chunk long lists, see imports/limits.ts); chained in list order. */
export async function appendArchiveEvents(tx: DbOrTx, events: ArchiveEventInput[]): Promise<void> {
  if (!events.length) return;
  const prepared = events.map(prepareArchiveEvent);
  await tx.execute(sql`${COLUMNS}${sql.join(prepared.map(values), sql`, `)}`);
}

/**
 * The INSERT of appendArchiveEvent as one SQL statement with its values inlined, for a hot path that
 * embeds it in a larger statement (a data-modifying CTE) instead of spending a round trip on it.
 * The trigger chains it like any other append.
 */
export function archiveEventInsertSql(event: ArchiveEventInput): string {
  const e = prepareArchiveEvent(event);
  const actor = e.actorId === null ? "null" : int(e.actorId);
  const reason = e.reason == null ? "null" : text(e.reason);
  return (
    `insert into archive_events (user_id, type, occurred_at, actor_id, reason, data, v, content_hash) values ` +
    `(${int(e.userId)}, ${text(e.type)}, ${text(e.occurredAt.toISOString())}::timestamptz, ${actor}, ${reason}, ${json(e.data)}, ${int(e.v)}, decode('${e.contentHash.toString("hex")}', 'hex'))`
  );
}

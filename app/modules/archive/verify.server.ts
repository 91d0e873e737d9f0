import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { canonicalBody, ChainChecker, sha256, type Broken } from "./chain";

/**
 * archive:verify — checks every person's chain: each event's content hash against its fields,
 * each link against the previous one, seq without gaps, and the head row against the last link.
 * Streams in keyset pages of (user_id, seq), so memory stays flat whatever the table's size.
 */

export interface VerifyReport {
  people: number;
  events: number;
  broken: Broken[];
  ms: number;
}

interface Row {
  id: number | string;
  user_id: number;
  seq: number;
  v: number;
  type: string;
  occurred_ms: number | string;
  actor_id: number | null;
  reason: string | null;
  data: string;
  content_hash: Uint8Array;
  prev_hash: Uint8Array;
  hash: Uint8Array;
  legacy: Uint8Array | null;
  head_seq: number | null;
  head_hash: Uint8Array | null;
}

export async function verifyArchive(
  db: DbOrTx,
  options: { pageSize?: number; userId?: number; onProgress?: (events: number) => void } = {},
): Promise<VerifyReport> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 5_000;
  const checker = new ChainChecker();
  const broken: Broken[] = [];
  let people = 0;
  let events = 0;
  let current: number | null = null;
  let head: { seq: number; hash: Uint8Array } | null = null;
  let after = { userId: options.userId !== undefined ? options.userId - 1 : -1, seq: 2_147_483_647 };
  const finishPerson = () => {
    if (current === null) return;
    const b = checker.finish(head);
    if (b) broken.push(b);
  };
  for (;;) {
    const only = options.userId !== undefined ? sql`and e.user_id = ${options.userId}` : sql``;
    const rows = rowsOf<Row>(
      await db.execute(sql`
        select e.id, e.user_id, e.seq, e.v, e.type, (extract(epoch from e.occurred_at) * 1000)::float8 as occurred_ms, e.actor_id, e.reason, e.data::text as data,
          e.content_hash, e.prev_hash, e.hash,
          case when e.v = 0 then hongfan_archive_legacy_content_hash(e.id, e.user_id, e.type, e.occurred_at, e.actor_id, e.reason, e.data) end as legacy,
          h.seq as head_seq, h.hash as head_hash
        from archive_events e left join archive_heads h on h.user_id = e.user_id
        where (e.user_id, e.seq) > (${after.userId}, ${after.seq}) ${only}
        order by e.user_id, e.seq
        limit ${pageSize}`),
    );
    for (const r of rows) {
      const userId = Number(r.user_id);
      if (userId !== current) {
        finishPerson();
        current = userId;
        people++;
        checker.start(userId);
        head = r.head_seq === null ? null : { seq: Number(r.head_seq), hash: bytes(r.head_hash!) };
      }
      events++;
      const v = Number(r.v);
      let recomputed: Uint8Array | null = null;
      if (v === 0) recomputed = r.legacy ? bytes(r.legacy) : null;
      else if (v === 1) {
        recomputed = sha256(
          canonicalBody({
            v: 1,
            userId,
            type: r.type,
            occurredAt: new Date(Number(r.occurred_ms)).toISOString(),
            actorId: r.actor_id === null ? null : Number(r.actor_id),
            reason: r.reason,
            data: JSON.parse(r.data) as Record<string, unknown>,
          }),
        );
      }
      const b = checker.add({
        id: Number(r.id),
        userId,
        seq: Number(r.seq),
        v,
        contentHash: bytes(r.content_hash),
        prevHash: bytes(r.prev_hash),
        hash: bytes(r.hash),
        recomputed,
      });
      if (b) broken.push(b);
    }
    options.onProgress?.(events);
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1];
    after = { userId: Number(last.user_id), seq: Number(last.seq) };
  }
  finishPerson();
  // A head without any event (its events removed with the triggers disabled).
  if (options.userId === undefined) {
    const orphans = rowsOf<{ user_id: number; seq: number }>(
      await db.execute(
        sql`select h.user_id, h.seq from archive_heads h where not exists (select 1 from archive_events e where e.user_id = h.user_id) order by h.user_id`,
      ),
    );
    for (const o of orphans) broken.push({ userId: Number(o.user_id), eventId: null, seq: 1, reason: "head" });
  }
  return { people, events, broken, ms: performance.now() - started };
}

/** bytea from either driver (postgres.js: Buffer; PGlite: Uint8Array; text form "\x…" as a fallback). */
function bytes(v: Uint8Array | string): Uint8Array {
  if (typeof v === "string") return Buffer.from(v.startsWith("\\x") ? v.slice(2) : v, "hex");
  return v;
}

export const BROKEN_TEXT: Record<Broken["reason"], string> = {
  seq: "a gap or repeat in the sequence (an event removed or inserted)",
  content: "the event's content does not match its content hash (the row was edited)",
  prev: "the link to the previous event does not match (an event before it was changed or removed)",
  hash: "the stored hash is not sha256(prev_hash || content_hash)",
  head: "the chain's head does not name its last event (events removed at the end)",
  version: "an unknown body version",
};

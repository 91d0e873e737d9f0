import { bigserial, customType, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties } from "./org-tree";

/** Administrative actions: who, when, what, before/after. county_id scopes reading. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    countyId: integer("county_id").references(() => counties.id),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_county_idx").on(t.countyId, t.createdAt)],
);

/** A SHA-256 digest (32 bytes). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v as Uint8Array),
});

/**
 * 专项档案: one append-only timeline per person. A trigger (migration 0001) refuses UPDATE and
 * DELETE, so history can only grow. Each person's events form a hash chain (migration 0020,
 * decision 019): the app writes `content_hash` = sha256(JCS(body)) and `v`; a BEFORE INSERT
 * trigger takes `seq` and `prev_hash` from the person's row in `archive_heads` (an upsert, which
 * serialises appends per person) and sets `hash` = sha256(prev_hash || content_hash).
 * Write only through app/modules/archive/archive.server.ts.
 */
export const archiveEvents = pgTable(
  "archive_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id").references(() => users.id),
    reason: text("reason"),
    data: jsonb("data").notNull().default({}),
    /** position in the person's chain, 1, 2, … (set by the trigger) */
    seq: integer("seq").notNull(),
    /** body version: 0 = a row that existed before the chain (hashed by migration 0020), 1 = JCS body */
    v: smallint("v").notNull(),
    contentHash: bytea("content_hash").notNull(),
    prevHash: bytea("prev_hash").notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [index("archive_events_user_idx").on(t.userId, t.occurredAt), uniqueIndex("archive_events_user_seq_idx").on(t.userId, t.seq)],
);

/** The head of each person's chain: the last seq and hash. Only the archive trigger writes it. */
export const archiveHeads = pgTable("archive_heads", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  seq: integer("seq").notNull(),
  prevHash: bytea("prev_hash").notNull(),
  hash: bytea("hash").notNull(),
});

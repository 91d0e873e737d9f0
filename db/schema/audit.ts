import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties } from "./org-tree";

/** Administrative actions: who, when, what, before/after. county_id scopes reading. */
export const auditLog = pgTable("audit_log", {
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
}, (t) => [index("audit_log_county_idx").on(t.countyId, t.createdAt)]);

/**
 * 专项档案: one append-only timeline per person. A trigger (migration 0001) refuses UPDATE and
 * DELETE, so history can only grow.
 */
export const archiveEvents = pgTable("archive_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  userId: integer("user_id").notNull().references(() => users.id),
  type: text("type").notNull(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  actorId: integer("actor_id").references(() => users.id),
  reason: text("reason"),
  data: jsonb("data").notNull().default({}),
}, (t) => [index("archive_events_user_idx").on(t.userId, t.occurredAt)]);

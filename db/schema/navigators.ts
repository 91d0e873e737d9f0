import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { PARTY_POSTS, PARTY_STATUSES, users } from "./accounts";
import { organizations } from "./org-tree";

export const APPLICATION_STATUSES = ["pending", "approved", "rejected"] as const;

/** 申请红帆领航员: the applicant's facts are copied at submission so a decision reads what was asked. */
export const navigatorApplications = pgTable(
  "navigator_applications",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    partyStatus: text("party_status", { enum: PARTY_STATUSES }).notNull(),
    partyPost: text("party_post", { enum: PARTY_POSTS }).notNull(),
    statement: text("statement").notNull().default(""),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull().default("pending"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: integer("decided_by").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [
    index("navigator_applications_org_idx").on(t.organizationId, t.status),
    uniqueIndex("navigator_applications_one_open")
      .on(t.userId)
      .where(sql`${t.status} in ('pending','approved')`),
    check("navigator_applications_status", sql`${t.status} in ('pending','approved','rejected')`),
  ],
);

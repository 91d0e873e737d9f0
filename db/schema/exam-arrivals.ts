import { integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { examSittings } from "./exams";

/**
 * 候考 (issue 14): a candidate's last load of a sitting's page before or around its opening, one
 * row per person and sitting, upserted on each load (app/modules/exams/arrivals.server.ts). The
 * admin's 等候中 count is the rows seen within the last few minutes of people without an attempt in
 * the sitting (app/modules/exams/waiting-room.ts).
 */
export const examSittingArrivals = pgTable(
  "exam_sitting_arrivals",
  {
    sittingId: integer("sitting_id")
      .notNull()
      .references(() => examSittings.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sittingId, t.userId] })],
);

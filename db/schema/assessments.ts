import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { certificates, CERTIFICATE_LEVELS } from "./certificates";
import { counties, towns } from "./org-tree";

/** 年度考核 grades, best first: 优秀 / 良好 / 一般 / 较差 (app/modules/certificates/level-rule.ts). */
export const ASSESSMENT_GRADE_VALUES = ["excellent", "good", "average", "poor"] as const;
export const ASSESSMENT_ROUND_STATES = ["open", "applied"] as const;
/** What applying a grade did to the person's level (app/modules/assessment/rules.ts). */
export const ASSESSMENT_OUTCOMES = ["unchanged", "downgraded", "revoked", "unassessed", "restored"] as const;

/**
 * 年度考核 round of one county and one assessment year. Opened by the county admin, applied once:
 * `applied_at` set in the applying transaction, after which the round is closed (a correction is a
 * new outcome row, never an edit).
 */
export const assessmentRounds = pgTable(
  "assessment_rounds",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    year: integer("year").notNull(),
    state: text("state", { enum: ASSESSMENT_ROUND_STATES }).notNull().default("open"),
    openedBy: integer("opened_by").references(() => users.id),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull(),
    appliedBy: integer("applied_by").references(() => users.id),
    appliedAt: timestamp("applied_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex("assessment_rounds_county_year").on(t.countyId, t.year),
    check("assessment_rounds_applied", sql`(${t.state} = 'applied') = (${t.appliedAt} is not null)`),
  ],
);

/**
 * Proposals and the county's changes to them: appended, never rewritten; the person's grade in the
 * round is the latest row. `stage` says who wrote it: the town's proposal or the county's change
 * (with a reason).
 */
export const assessmentProposals = pgTable(
  "assessment_proposals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => assessmentRounds.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    townId: integer("town_id")
      .notNull()
      .references(() => towns.id),
    grade: text("grade", { enum: ASSESSMENT_GRADE_VALUES }).notNull(),
    /** the short basis (考核依据) */
    basis: text("basis").notNull(),
    /** the written reason for more than 一般 without the year's 学时, or for the county's change */
    reason: text("reason"),
    stage: text("stage", { enum: ["proposed", "changed"] }).notNull(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("assessment_proposals_round_user").on(t.roundId, t.userId, t.id)],
);

/**
 * What a round did to each person: one 'applied' row per member when the round is applied, and a
 * correction afterwards as a new row pointing at the one it corrects. Append-only.
 */
export const assessmentOutcomes = pgTable(
  "assessment_outcomes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    roundId: integer("round_id")
      .notNull()
      .references(() => assessmentRounds.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    /** null: left unassessed when the round was applied */
    grade: text("grade", { enum: ASSESSMENT_GRADE_VALUES }),
    outcome: text("outcome", { enum: ASSESSMENT_OUTCOMES }).notNull(),
    levelBefore: text("level_before", { enum: CERTIFICATE_LEVELS }),
    levelAfter: text("level_after", { enum: CERTIFICATE_LEVELS }),
    certificateId: integer("certificate_id").references(() => certificates.id),
    newCertificateId: integer("new_certificate_id").references(() => certificates.id),
    correctsId: bigint("corrects_id", { mode: "number" }).references((): AnyPgColumn => assessmentOutcomes.id),
    reason: text("reason"),
    actorId: integer("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("assessment_outcomes_user").on(t.userId, t.id),
    index("assessment_outcomes_round").on(t.roundId, t.userId),
    uniqueIndex("assessment_outcomes_applied_once")
      .on(t.roundId, t.userId)
      .where(sql`corrects_id is null`),
  ],
);

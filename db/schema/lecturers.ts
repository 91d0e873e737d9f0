import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { offlineClasses } from "./learning";
import { counties, organizations } from "./org-tree";

/**
 * 师资库 (the county lecturer pool; app/modules/lecturers/rules.ts words and checks these values).
 * Routes in: self 自荐, invitation 邀请 (the county admin), recommendation 单位推荐 (an organization of
 * the org tree, with the recommender's statement).
 */
export const LECTURER_ROUTES = ["self", "invitation", "recommendation"] as const;
/** 政治理论 / 经济发展 / 社会治理 / 基层党建 / 党史 / 法治建设 / 其他 */
export const LECTURER_AREAS = [
  "political_theory",
  "economy",
  "social_governance",
  "party_building",
  "party_history",
  "rule_of_law",
  "other",
] as const;
/** applied → trial_scheduled → trial_recorded → admitted | rejected */
export const CANDIDACY_STATUSES = ["applied", "trial_scheduled", "trial_recorded", "admitted", "rejected"] as const;
/** a pool member: active ↔ suspended → retired */
export const POOL_STATUSES = ["active", "suspended", "retired"] as const;
/** What the append-only history records (candidacy steps and pool status changes). */
export const LECTURER_EVENT_KINDS = [
  "applied",
  "trial_scheduled",
  "trial_recorded",
  "admitted",
  "rejected",
  "suspended",
  "reinstated",
  "retired",
  "assigned",
] as const;
export const SAMPLE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;

const list = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(",")})`);

/**
 * A candidacy for a county's pool. Its status moves forward only (the use cases check the pure
 * state machine); the steps are in `lecturer_events`. One open candidacy per person and county.
 */
export const lecturerCandidacies = pgTable(
  "lecturer_candidacies",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    route: text("route", { enum: LECTURER_ROUTES }).notNull(),
    /** 单位推荐: the recommending organization and its statement */
    recommendingOrgId: integer("recommending_org_id").references(() => organizations.id),
    recommendation: text("recommendation").notNull().default(""),
    areas: text("areas").array().notNull(),
    title: text("title").notNull(),
    employer: text("employer").notNull(),
    bio: text("bio").notNull(),
    sampleOutline: text("sample_outline").notNull(),
    /** the optional sample file in the BlobStore (content-addressed key), type sniffed from the bytes */
    sampleKey: text("sample_key"),
    sampleName: text("sample_name"),
    sampleMediaType: text("sample_media_type", { enum: SAMPLE_MEDIA_TYPES }),
    sampleSize: integer("sample_size"),
    sampleSha256: text("sample_sha256"),
    status: text("status", { enum: CANDIDACY_STATUSES }).notNull().default("applied"),
    trialOn: date("trial_on", { mode: "string" }),
    trialTopic: text("trial_topic"),
    /** average of the panel's scores in tenths (0–1000) once recorded */
    trialAverageTenths: integer("trial_average_tenths"),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("lecturer_candidacies_county_idx").on(t.countyId, t.status),
    index("lecturer_candidacies_user_idx").on(t.userId),
    uniqueIndex("lecturer_candidacies_one_open")
      .on(t.userId, t.countyId)
      .where(sql`${t.status} in ('applied','trial_scheduled','trial_recorded')`),
    check("lecturer_candidacies_route", sql`${t.route} in ${list(LECTURER_ROUTES)}`),
    check("lecturer_candidacies_status", sql`${t.status} in ${list(CANDIDACY_STATUSES)}`),
    check("lecturer_candidacies_recommendation", sql`(${t.route} = 'recommendation') = (${t.recommendingOrgId} is not null)`),
    check("lecturer_candidacies_areas", sql`cardinality(${t.areas}) between 1 and 7`),
    check(
      "lecturer_candidacies_sample",
      sql`(${t.sampleKey} is null) = (${t.sampleSha256} is null) and (${t.sampleSize} is null or ${t.sampleSize} between 1 and 10485760)`,
    ),
    /** the decision is never the person's own */
    check("lecturer_candidacies_not_self", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.userId}`),
  ],
);

/** The trial lecture's panel: one row per judge, written once with the trial record (append-only). */
export const lecturerTrialScores = pgTable(
  "lecturer_trial_scores",
  {
    id: serial("id").primaryKey(),
    candidacyId: integer("candidacy_id")
      .notNull()
      .references(() => lecturerCandidacies.id),
    judgeName: text("judge_name").notNull(),
    judgeRole: text("judge_role").notNull(),
    score: integer("score").notNull(),
    comment: text("comment").notNull().default(""),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("lecturer_trial_scores_candidacy_idx").on(t.candidacyId),
    check("lecturer_trial_scores_score", sql`${t.score} between 0 and 100`),
  ],
);

/** Pool membership: one row per person and county; `status` is the latest of its events. */
export const lecturerPool = pgTable(
  "lecturer_pool",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    candidacyId: integer("candidacy_id")
      .notNull()
      .references(() => lecturerCandidacies.id),
    status: text("status", { enum: POOL_STATUSES }).notNull().default("active"),
    areas: text("areas").array().notNull(),
    title: text("title").notNull(),
    employer: text("employer").notNull(),
    bio: text("bio").notNull(),
    admittedAt: timestamp("admitted_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("lecturer_pool_person").on(t.userId, t.countyId),
    index("lecturer_pool_county_idx").on(t.countyId, t.status),
    check("lecturer_pool_status", sql`${t.status} in ${list(POOL_STATUSES)}`),
  ],
);

/** The history of candidacies and pool membership: append-only (the custom migration's trigger). */
export const lecturerEvents = pgTable(
  "lecturer_events",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    candidacyId: integer("candidacy_id").references(() => lecturerCandidacies.id),
    memberId: integer("member_id").references(() => lecturerPool.id),
    kind: text("kind", { enum: LECTURER_EVENT_KINDS }).notNull(),
    reason: text("reason").notNull().default(""),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("lecturer_events_user_idx").on(t.userId, t.occurredAt),
    check("lecturer_events_kind", sql`${t.kind} in ${list(LECTURER_EVENT_KINDS)}`),
  ],
);

/** 调配: a pool lecturer assigned to an offline class of the county (once per class). */
export const lecturerAssignments = pgTable(
  "lecturer_assignments",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => lecturerPool.id),
    offlineClassId: integer("offline_class_id")
      .notNull()
      .references(() => offlineClasses.id),
    topic: text("topic").notNull().default(""),
    assignedBy: integer("assigned_by")
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("lecturer_assignments_once").on(t.memberId, t.offlineClassId),
    index("lecturer_assignments_class_idx").on(t.offlineClassId),
  ],
);

import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { mediaAssets } from "./media";
import { users } from "./accounts";
import { lessons } from "./learning";
import { counties } from "./org-tree";

/**
 * 微党课 (micro party lessons, docs/decisions/023). A lesson is a chain of revisions, every one
 * kept; the live one is `published_revision_id`. Publishing materialises the lesson as a row of
 * `lessons` (kind 'micro', under the one 微党课 course), so learners study it on the same lesson
 * page, heartbeat and totals as any course lesson; a later publication updates that same row, so
 * learners' credits stay with the lesson.
 *
 * Revision states (app/modules/micro-lessons/workflow.ts): draft → submitted → returned | published;
 * a published revision becomes superseded when a later one is published.
 */
export const MICRO_REVISION_STATES = ["draft", "submitted", "returned", "published", "superseded"] as const;
export const MICRO_AREAS = ["theory", "basics", "practice", "experience"] as const;
export const MICRO_SELECTION_STATES = ["open", "closed"] as const;

const list = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(",")})`);

export const microLessons = pgTable(
  "micro_lessons",
  {
    id: serial("id").primaryKey(),
    /** the author's county when the lesson was created: its county admins review it */
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    /** the lessons row learners study (set at the first publication) */
    lessonId: integer("lesson_id").references(() => lessons.id),
    publishedRevisionId: integer("published_revision_id"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("micro_lessons_author_idx").on(t.authorId),
    index("micro_lessons_county_idx").on(t.countyId),
    uniqueIndex("micro_lessons_lesson_idx").on(t.lessonId),
  ],
);

export const microLessonRevisions = pgTable(
  "micro_lesson_revisions",
  {
    id: serial("id").primaryKey(),
    microLessonId: integer("micro_lesson_id")
      .notNull()
      .references(() => microLessons.id),
    /** 1, 2, 3 … per lesson */
    number: integer("number").notNull(),
    state: text("state", { enum: MICRO_REVISION_STATES }).notNull().default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    area: text("area", { enum: MICRO_AREAS }).notNull(),
    knowledgePoints: jsonb("knowledge_points").$type<string[]>().notNull().default([]),
    /** the script (讲稿), Markdown; rendered with raw HTML escaped (app/modules/markdown.ts) */
    script: text("script").notNull().default(""),
    /** the media layer's asset (video or audio) and cover image (ids of media assets) */
    mediaAssetId: uuid("media_asset_id").references(() => mediaAssets.id),
    coverAssetId: uuid("cover_asset_id").references(() => mediaAssets.id),
    intendedMinutes: integer("intended_minutes").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: integer("decided_by").references(() => users.id),
    decisionNote: text("decision_note"),
  },
  (t) => [
    uniqueIndex("micro_lesson_revisions_number").on(t.microLessonId, t.number),
    index("micro_lesson_revisions_state_idx").on(t.state),
    check("micro_lesson_revisions_state", sql`${t.state} in ${list(MICRO_REVISION_STATES)}`),
    check("micro_lesson_revisions_area", sql`${t.area} in ${list(MICRO_AREAS)}`),
    check("micro_lesson_revisions_minutes", sql`${t.intendedMinutes} between 1 and 120`),
  ],
);

/** 审核意见: a reviewer's comment on a revision, optionally at a time position of its media. */
export const microLessonComments = pgTable(
  "micro_lesson_comments",
  {
    id: serial("id").primaryKey(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => microLessonRevisions.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    positionSeconds: doublePrecision("position_seconds"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("micro_lesson_comments_revision_idx").on(t.revisionId),
    check("micro_lesson_comments_position", sql`${t.positionSeconds} is null or ${t.positionSeconds} >= 0`),
  ],
);

/** 评分: one rating (1–5) per learner per lesson, changeable. */
export const microLessonRatings = pgTable(
  "micro_lesson_ratings",
  {
    microLessonId: integer("micro_lesson_id")
      .notNull()
      .references(() => microLessons.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    stars: smallint("stars").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.microLessonId, t.userId] }), check("micro_lesson_ratings_stars", sql`${t.stars} between 1 and 5`)],
);

/** 优秀微党课评选: one per county and year. */
export const microSelections = pgTable(
  "micro_selections",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    year: integer("year").notNull(),
    state: text("state", { enum: MICRO_SELECTION_STATES }).notNull().default("open"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("micro_selections_county_year").on(t.countyId, t.year),
    check("micro_selections_state", sql`${t.state} in ${list(MICRO_SELECTION_STATES)}`),
  ],
);

/** A candidate lesson with its rating when picked; rank is set when the selection closes. */
export const microSelectionCandidates = pgTable(
  "micro_selection_candidates",
  {
    selectionId: integer("selection_id")
      .notNull()
      .references(() => microSelections.id),
    microLessonId: integer("micro_lesson_id")
      .notNull()
      .references(() => microLessons.id),
    ratingAverage: doublePrecision("rating_average").notNull(),
    ratingCount: integer("rating_count").notNull(),
    rank: integer("rank"),
  },
  (t) => [primaryKey({ columns: [t.selectionId, t.microLessonId] })],
);

/** 评委打分: one score (0–100) per judge per candidate, recorded by a county admin. */
export const microSelectionScores = pgTable(
  "micro_selection_scores",
  {
    selectionId: integer("selection_id")
      .notNull()
      .references(() => microSelections.id),
    microLessonId: integer("micro_lesson_id")
      .notNull()
      .references(() => microLessons.id),
    judge: text("judge").notNull(),
    score: integer("score").notNull(),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.selectionId, t.microLessonId, t.judge] }),
    check("micro_selection_scores_score", sql`${t.score} between 0 and 100`),
  ],
);

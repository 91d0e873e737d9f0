import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties } from "./org-tree";

/** 课程: imported from content/courses by stable slug. */
export const courses = pgTable("courses", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  area: text("area").notNull(),
  order: integer("order").notNull(),
  summary: text("summary").notNull(),
  intro: text("intro").notNull(),
  /** 随机验证 switched on for this course */
  attentionCheck: boolean("attention_check").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** 课时: a lesson with its nominal duration (the most it can credit). */
export const lessons = pgTable(
  "lessons",
  {
    id: serial("id").primaryKey(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    order: integer("order").notNull(),
    minutes: integer("minutes").notNull(),
    body: text("body").notNull(),
    /** file name under content/videos, served at /media/videos/<file> */
    video: text("video"),
    /** 'course' (content/courses) or 'micro' (a published 微党课, docs/decisions/023) */
    kind: text("kind", { enum: ["course", "micro"] })
      .notNull()
      .default("course"),
    /** the most this lesson credits, in seconds, when not minutes × 60 (a micro lesson's real media length) */
    nominalSeconds: integer("nominal_seconds"),
    /** a media asset (video or audio) served at /media/assets/<id> (micro lessons) */
    mediaAssetId: uuid("media_asset_id"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("lessons_course_idx").on(t.courseId, t.order),
    check("lessons_minutes", sql`${t.minutes} > 0`),
    check("lessons_kind", sql`${t.kind} in ('course', 'micro')`),
    check("lessons_nominal_seconds", sql`${t.nominalSeconds} is null or ${t.nominalSeconds} > 0`),
  ],
);

/** The one active study stream of a person (a page instance); a start elsewhere takes it over. */
export const studyStreams = pgTable("study_streams", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  streamId: text("stream_id").notNull(),
  lessonId: integer("lesson_id")
    .notNull()
    .references(() => lessons.id),
  lastBeatAt: timestamp("last_beat_at", { withTimezone: true, precision: 3 }).notNull(),
});

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    creditedSeconds: integer("credited_seconds").notNull().default(0),
    furthestPosition: doublePrecision("furthest_position").notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] })],
);

/**
 * Every study request the server judged, credited or not: the evidence behind the totals
 * (append-only; a trigger refuses changes). Reports read the totals, never this table.
 */
export const studyBeats = pgTable(
  "study_beats",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    streamId: text("stream_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    outcome: text("outcome").notNull(),
    creditedSeconds: integer("credited_seconds").notNull(),
  },
  (t) => [index("study_beats_user_idx").on(t.userId, t.at)],
);

/** Incremental per-person-per-training-year totals (Asia/Shanghai years). */
export const studyYearTotals = pgTable(
  "study_year_totals",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    year: integer("year").notNull(),
    onlineSeconds: integer("online_seconds").notNull().default(0),
    offlineSeconds: integer("offline_seconds").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year] }), index("study_year_totals_year_idx").on(t.year)],
);

/** In-app notifications (e.g. a study-hours reminder from an officer). */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    /** message parameters, worded by the catalog key `notifications.<kind>` */
    params: jsonb("params").notNull().default({}),
    senderId: integer("sender_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** 线下培训: a class recorded by a county admin; attendees are credited its 学时. */
export const offlineClasses = pgTable(
  "offline_classes",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    title: text("title").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    location: text("location").notNull(),
    /** 学时 in tenths (e.g. 40 = 4.0 学时) */
    creditTenths: integer("credit_tenths").notNull(),
    organizer: text("organizer").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("offline_classes_county_idx").on(t.countyId, t.heldOn),
    check("offline_classes_credit", sql`${t.creditTenths} between 1 and 400`),
  ],
);

export const offlineAttendance = pgTable(
  "offline_attendance",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => offlineClasses.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    creditedSeconds: integer("credited_seconds").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index("offline_attendance_user_idx").on(t.userId)],
);

/** System settings (study crediting). A missing key falls back to the environment's default. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 随机验证: a check scheduled at a random moment (issued_at may lie in the future); it must be
 * answered within a minute of issued_at or crediting pauses until it is.
 */
export const attentionChecks = pgTable(
  "attention_checks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    choices: jsonb("choices").notNull(),
    answer: integer("answer").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [index("attention_checks_user_idx").on(t.userId, t.id)],
);

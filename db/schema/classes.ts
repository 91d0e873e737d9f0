import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { exams } from "./exams";
import { courses, lessons } from "./learning";
import { counties, towns } from "./org-tree";

/**
 * 网上班级: a training class of a county (optionally one town) for a training year (Asia/Shanghai),
 * with members, content (whole courses or single lessons) and a closing test (an exam of kind
 * 'annual' of the same county). State: draft → open → closed (app/modules/classes/rules.ts decides).
 */
export const trainingClasses = pgTable(
  "training_classes",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    /** null: a county-wide class (only county admins manage it) */
    townId: integer("town_id").references(() => towns.id),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    state: text("state", { enum: ["draft", "open", "closed"] })
      .notNull()
      .default("draft"),
    /** the closing test (学习测试): an annual exam of the same county */
    examId: integer("exam_id").references(() => exams.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("training_classes_place_idx").on(t.countyId, t.townId, t.year),
    index("training_classes_exam_idx").on(t.examId),
    check("training_classes_state", sql`${t.state} in ('draft','open','closed')`),
    check("training_classes_year", sql`${t.year} between 2000 and 2100`),
    /** an open or closed class has its closing test */
    check("training_classes_open_has_exam", sql`${t.state} = 'draft' or ${t.examId} is not null`),
  ],
);

/** 班级成员. */
export const trainingClassMembers = pgTable(
  "training_class_members",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    addedBy: integer("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index("training_class_members_user_idx").on(t.userId)],
);

/**
 * 班级内容: a whole course (course_id) or a single lesson (lesson_id), exactly one of the two. A
 * lesson row may have no course (micro lessons, 微党课): lesson items never need a course.
 */
export const trainingClassItems = pgTable(
  "training_class_items",
  {
    id: serial("id").primaryKey(),
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id),
    courseId: integer("course_id").references(() => courses.id),
    lessonId: integer("lesson_id").references(() => lessons.id),
    position: integer("position").notNull(),
  },
  (t) => [
    index("training_class_items_class_idx").on(t.classId, t.position),
    uniqueIndex("training_class_items_course_uq")
      .on(t.classId, t.courseId)
      .where(sql`${t.courseId} is not null`),
    uniqueIndex("training_class_items_lesson_uq")
      .on(t.classId, t.lessonId)
      .where(sql`${t.lessonId} is not null`),
    check("training_class_items_one", sql`(${t.courseId} is null) <> (${t.lessonId} is null)`),
  ],
);

import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties, towns } from "./org-tree";
import type { SlotState } from "../../app/modules/question-bank/types/models";

/**
 * 考试. A definition owned by a county: what a paper is made of (the blueprint, see
 * app/modules/exams/types.ts `Blueprint`), how long it takes and how it is passed. Candidates sit it
 * in sittings (场次). Points are stored as integers in tenths of a point (`*_tenths`) so sums are exact.
 */
export const exams = pgTable(
  "exams",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    title: text("title").notNull(),
    /** 'certification' (认证考试, with a level) or 'annual' (年度测试, no level) */
    kind: text("kind", { enum: ["certification", "annual"] }).notNull(),
    level: text("level", { enum: ["junior", "intermediate", "senior"] }),
    /** the banks questions are drawn from (official banks and the county's own) */
    bankIds: integer("bank_ids").array().notNull(),
    /** Blueprint: { sections: BlueprintSection[] } */
    blueprint: jsonb("blueprint").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    passMarkTenths: integer("pass_mark_tenths").notNull(),
    attemptsAllowed: integer("attempts_allowed").notNull().default(1),
    /** 'never' | 'after_release' (once the result is out) | 'after_close' (once the sitting has closed) */
    reviewPolicy: text("review_policy", { enum: ["never", "after_release", "after_close"] })
      .notNull()
      .default("after_close"),
    partialCredit: boolean("partial_credit").notNull().default(false),
    instructions: text("instructions").notNull().default(""),
    /** 'draft' → 'published' (sittings may be scheduled and opened) → 'archived' */
    status: text("status", { enum: ["draft", "published", "archived"] })
      .notNull()
      .default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("exams_county_idx").on(t.countyId, t.status),
    check("exams_level", sql`(${t.kind} = 'certification') = (${t.level} is not null)`),
    check("exams_duration", sql`${t.durationMinutes} between 1 and 600`),
    check("exams_attempts", sql`${t.attemptsAllowed} between 1 and 20`),
  ],
);

/** 场次: a window in which candidates in scope (the county, or one town) may start the exam. */
export const examSittings = pgTable(
  "exam_sittings",
  {
    id: serial("id").primaryKey(),
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id),
    title: text("title").notNull(),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    capacity: integer("capacity").notNull(),
    /**
     * 已开始: the sitting's attempts, kept by a deferred trigger on exam_attempts (migration 0029): the
     * seat is taken at commit by a short update of this row, and the check below refuses the start
     * that would exceed the capacity — exact however many start at once, without a lock held over
     * the start's inserts (docs/decisions/030).
     */
    seatsTaken: integer("seats_taken").notNull().default(0),
    /** NULL: every candidate of the exam's county; otherwise only this town's */
    townId: integer("town_id").references(() => towns.id),
    location: text("location").notNull().default(""),
    /** 'draft' → 'published' (visible to candidates) → 'cancelled' */
    status: text("status", { enum: ["draft", "published", "cancelled"] })
      .notNull()
      .default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("exam_sittings_exam_idx").on(t.examId),
    index("exam_sittings_window_idx").on(t.status, t.closesAt),
    check("exam_sittings_window", sql`${t.closesAt} > ${t.opensAt}`),
    check("exam_sittings_capacity", sql`${t.capacity} > 0`),
    check("exam_sittings_seats", sql`${t.seatsTaken} between 0 and ${t.capacity}`),
  ],
);

/**
 * 作答 (attempt), after Moodle's quiz attempt. The deadline is fixed at start
 * (min(start + duration, sitting close)) and only moved by an audited extra-time grant.
 * state: 'in_progress' → 'submitted' (objective marks written) → 'graded' (every slot marked; result released).
 */
export const examAttempts = pgTable(
  "exam_attempts",
  {
    id: serial("id").primaryKey(),
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id),
    sittingId: integer("sitting_id")
      .notNull()
      .references(() => examSittings.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    attemptNo: integer("attempt_no").notNull(),
    /** the draw seed: drawPaper(blueprint, bank snapshot, seed) reproduces the paper */
    seed: text("seed").notNull(),
    state: text("state", { enum: ["in_progress", "submitted", "graded"] })
      .notNull()
      .default("in_progress"),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true, precision: 3 }).notNull(),
    /** when answering ended: the submit time, or the deadline for attempts closed by the server (never later) */
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    /** 'candidate' | 'deadline' (closed on access after the deadline) | 'sweeper' */
    finishedBy: text("finished_by", { enum: ["candidate", "deadline", "sweeper"] }),
    maxMarkTenths: integer("max_mark_tenths").notNull(),
    markTenths: integer("mark_tenths"),
    passed: boolean("passed"),
    /** per-area sub-scores once graded: { theory: {mark, max}, practice: {mark, max}, byArea: {...} } */
    subScores: jsonb("sub_scores"),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("exam_attempts_user_no").on(t.examId, t.userId, t.attemptNo),
    index("exam_attempts_sitting_idx").on(t.sittingId, t.state),
    index("exam_attempts_user_idx").on(t.userId, t.state),
    index("exam_attempts_open_deadline_idx")
      .on(t.deadlineAt)
      .where(sql`state = 'in_progress'`),
    check("exam_attempts_finished", sql`${t.finishedAt} is null or ${t.finishedAt} <= ${t.deadlineAt}`),
  ],
);

/** A slot of an attempt: the exact question version shown, in this candidate's order. */
export const examAttemptSlots = pgTable(
  "exam_attempt_slots",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => examAttempts.id),
    slotNo: integer("slot_no").notNull(),
    /**
     * The question version shown. No foreign key (migration 0029, docs/decisions/030): versions are
     * immutable and never deleted (a trigger refuses it, migration 0003), the draw takes ids from the
     * bank snapshot only, and the key's check took a KEY SHARE lock on each of the 100 shared
     * question rows at every start.
     */
    questionVersionId: integer("question_version_id").notNull(),
    /** section index in the blueprint */
    section: integer("section").notNull(),
    type: text("type").notNull(),
    area: text("area").notNull(),
    /**
     * The per-attempt state the question type drew at start (decision 026): for choice questions
     * `{ optionOrder }` (shown position i displays original option optionOrder[i], 0-based), `{}` for
     * types without one. Never changed once drawn (a trigger refuses it, migration 0028).
     */
    state: jsonb("state").$type<SlotState>().notNull(),
    maxMarkTenths: integer("max_mark_tenths").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.slotNo] }), index("exam_attempt_slots_version_idx").on(t.questionVersionId)],
);

/**
 * Answer steps (Moodle's question_attempt_steps): append-only, one row per accepted save. The
 * answer of a slot is its step with the highest seq. A save whose seq is not above the last one
 * stored changes nothing. `answer` is in ORIGINAL option letters/indices (see types.ts RawAnswer).
 */
export const examAnswerSteps = pgTable(
  "exam_answer_steps",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => examAttempts.id),
    slotNo: integer("slot_no").notNull(),
    seq: integer("seq").notNull(),
    answer: jsonb("answer").notNull(),
    flagged: boolean("flagged").notNull().default(false),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /**
     * When the candidate made the change, as the page recorded it (server clock as the page knows
     * it), bounded by the receipt time `at` and the grace: a save received after the deadline is
     * kept only when this is not after the deadline (decision 010). Null: not recorded (no-JS form).
     */
    changedAt: timestamp("changed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [unique("exam_answer_steps_seq").on(t.attemptId, t.slotNo, t.seq)],
);

/**
 * Marks, append-only: the current mark of a slot is its latest row. source 'auto' (graded at
 * submission), 'manual' (a grader, for short answers), 'regrade' (a corrected key; the old row stays).
 */
export const examMarks = pgTable(
  "exam_marks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => examAttempts.id),
    slotNo: integer("slot_no").notNull(),
    markTenths: integer("mark_tenths").notNull(),
    source: text("source", { enum: ["auto", "manual", "regrade"] }).notNull(),
    graderId: integer("grader_id").references(() => users.id),
    comment: text("comment").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("exam_marks_attempt_idx").on(t.attemptId, t.slotNo, t.id)],
);

/**
 * What the proctor sees: page hidden / blurred / back, resumes, extra time (with reason), finishing.
 * Append-only.
 */
export const examAttemptEvents = pgTable(
  "exam_attempt_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => examAttempts.id),
    kind: text("kind", { enum: ["hidden", "blur", "visible", "resume", "extra_time", "submitted"] }).notNull(),
    detail: jsonb("detail").notNull().default({}),
    actorId: integer("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("exam_attempt_events_attempt_idx").on(t.attemptId, t.kind)],
);

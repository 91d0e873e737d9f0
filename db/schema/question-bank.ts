import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties } from "./org-tree";

/**
 * 题库. county_id NULL marks an official bank: imported from content/ by stable slug, readable by
 * every county and changed only through the content files.
 */
export const questionBanks = pgTable(
  "question_banks",
  {
    id: serial("id").primaryKey(),
    slug: text("slug"),
    title: text("title").notNull(),
    countyId: integer("county_id").references(() => counties.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Bumped by the database whenever a statement writes the bank's questions (trigger of migration
     * 0031): the cached bank snapshot is keyed by it, so no instance draws a paper from a version
     * older than the last committed edit (app/modules/exams/bank-snapshot.server.ts).
     */
    revision: integer("revision").notNull().default(0),
  },
  (t) => [uniqueIndex("question_banks_slug").on(t.slug), index("question_banks_county_idx").on(t.countyId)],
);

import { QUESTION_STATUSES_LIST as QUESTION_STATUSES } from "../../app/modules/question-bank/statuses";
export { QUESTION_STATUSES };

/**
 * A question: its identity, workflow status and a pointer to its current version. The columns
 * after `currentVersionId` copy the current version's searchable facts (kept in step by the use
 * cases) so lists and filters read one table.
 */
export const questions = pgTable(
  "questions",
  {
    id: serial("id").primaryKey(),
    bankId: integer("bank_id")
      .notNull()
      .references(() => questionBanks.id),
    slug: text("slug"),
    status: text("status", { enum: QUESTION_STATUSES }).notNull().default("draft"),
    authorId: integer("author_id").references(() => users.id),
    reviewComment: text("review_comment"),
    currentVersionId: integer("current_version_id"),
    type: text("type").notNull(),
    area: text("area").notNull(),
    knowledgePoint: text("knowledge_point").notNull(),
    difficulty: integer("difficulty").notNull(),
    stem: text("stem").notNull(),
    /** normalised stem, for duplicate detection within a bank */
    stemKey: text("stem_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("questions_bank_slug").on(t.bankId, t.slug),
    index("questions_bank_status_idx").on(t.bankId, t.status),
    index("questions_bank_stem_key_idx").on(t.bankId, t.stemKey),
    index("questions_bank_updated_idx").on(t.bankId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("questions_bank_knowledge_point_idx").on(t.bankId, t.knowledgePoint),
    check("questions_status", sql`${t.status} in ('draft','submitted','active','retired')`),
    check("questions_difficulty", sql`${t.difficulty} between 1 and 5`),
  ],
);

/**
 * 题目版本: immutable (a trigger refuses UPDATE and DELETE). Editing a question appends a version;
 * exam attempts will point at the exact version they showed.
 */
export const questionVersions = pgTable(
  "question_versions",
  {
    id: serial("id").primaryKey(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    versionNo: integer("version_no").notNull(),
    /** the whole QuestionDraft (type, stem, options, answer, explanation, area, knowledge point, difficulty) */
    body: jsonb("body").notNull(),
    contentHash: text("content_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("question_versions_no").on(t.questionId, t.versionNo)],
);

import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties, towns } from "./org-tree";

/**
 * What a supervision record is (app/modules/supervision/rules.ts words and checks them):
 * visits — employer_views 听取业主意见, symposium 党员职工座谈会, site_visit 实地走访, heart_talk 谈心谈话,
 * other 其他; warnings — admonition 约谈提醒, criticism 通报批评; praise — commendation 通报表扬.
 */
export const SUPERVISION_VISIT_KINDS = ["employer_views", "symposium", "site_visit", "heart_talk", "other"] as const;
export const SUPERVISION_WARNING_KINDS = ["admonition", "criticism"] as const;
export const SUPERVISION_PRAISE_KINDS = ["commendation"] as const;
export const SUPERVISION_KINDS = [...SUPERVISION_VISIT_KINDS, ...SUPERVISION_WARNING_KINDS, ...SUPERVISION_PRAISE_KINDS] as const;
/** The performance judgement of a visit: 好 / 较好 / 一般 / 差 (warnings and praise carry none). */
export const SUPERVISION_JUDGEMENTS = ["good", "fairly_good", "average", "poor"] as const;
/** Attachments are these types only, sniffed from their bytes (docs/decisions/020). */
export const ATTACHMENT_MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;

const list = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(",")})`);

/**
 * 走访考察 and 约谈提醒 / 通报批评 / 通报表扬: decisions about a navigator, append-only (migration 0021:
 * the database refuses UPDATE and DELETE). A correction is a new record whose `corrects_id` points
 * at the record it replaces (at most one correction per record: the chain stays linear). County and
 * town are the navigator's at the time of recording (scope reads them).
 */
export const supervisionRecords = pgTable(
  "supervision_records",
  {
    id: serial("id").primaryKey(),
    /** the navigator the record is about */
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    townId: integer("town_id")
      .notNull()
      .references(() => towns.id),
    kind: text("kind", { enum: SUPERVISION_KINDS }).notNull(),
    /** the day it happened (Asia/Shanghai), never in the future */
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    partyMembers: integer("party_members").notNull().default(0),
    staff: integer("staff").notNull().default(0),
    findings: text("findings").notNull().default(""),
    judgement: text("judgement", { enum: SUPERVISION_JUDGEMENTS }),
    followUp: text("follow_up").notNull().default(""),
    /** the record this one corrects (replaces) */
    correctsId: integer("corrects_id").references((): AnyPgColumn => supervisionRecords.id),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("supervision_records_user_idx").on(t.userId, t.occurredOn),
    index("supervision_records_place_idx").on(t.countyId, t.townId, t.occurredOn),
    uniqueIndex("supervision_records_one_correction").on(t.correctsId),
    check("supervision_records_kind", sql`${t.kind} in ${list(SUPERVISION_KINDS)}`),
    check(
      "supervision_records_judgement",
      sql`(${t.kind} in ${list(SUPERVISION_VISIT_KINDS)}) = (${t.judgement} is not null) and (${t.judgement} is null or ${t.judgement} in ${list(SUPERVISION_JUDGEMENTS)})`,
    ),
    check("supervision_records_counts", sql`${t.partyMembers} between 0 and 100000 and ${t.staff} between 0 and 100000`),
    /** nobody records about themselves */
    check("supervision_records_not_self", sql`${t.recordedBy} <> ${t.userId}`),
  ],
);

/** Files attached to a record (photos, scanned sign-in sheets): append-only, content-addressed in the storage. */
export const supervisionAttachments = pgTable(
  "supervision_attachments",
  {
    id: serial("id").primaryKey(),
    recordId: integer("record_id")
      .notNull()
      .references(() => supervisionRecords.id),
    /** the storage key (app/modules/storage): sha256/<2 hex>/<64 hex> */
    storageKey: text("storage_key").notNull(),
    originalName: text("original_name").notNull(),
    /** sniffed from the bytes, never taken from the name or the browser */
    mediaType: text("media_type", { enum: ATTACHMENT_MEDIA_TYPES }).notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
  },
  (t) => [
    index("supervision_attachments_record_idx").on(t.recordId),
    index("supervision_attachments_key_idx").on(t.storageKey),
    check("supervision_attachments_media_type", sql`${t.mediaType} in ${list(ATTACHMENT_MEDIA_TYPES)}`),
    check("supervision_attachments_size", sql`${t.size} between 1 and 10485760`),
    check("supervision_attachments_sha256", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

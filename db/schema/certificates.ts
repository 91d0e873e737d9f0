import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { examAttempts } from "./exams";
import { counties } from "./org-tree";

export const CERTIFICATE_LEVELS = ["junior", "intermediate", "senior"] as const;
/** The current status of a certificate: always the status implied by its latest status event. */
export const CERTIFICATE_STATUSES = ["valid", "on_hold", "superseded", "downgraded", "revoked"] as const;
/**
 * What can happen to a certificate (app/modules/certificates/status.ts is the rule):
 * issued → valid; superseded (已升级: a higher level was issued); on_hold (a regrade turned the pass
 * into a fail: the county decides); kept (the county kept it after a hold → valid); revoked;
 * downgraded (年度考核, the next issue: a lower certificate replaces it).
 */
export const CERTIFICATE_EVENT_KINDS = ["issued", "superseded", "on_hold", "kept", "revoked", "downgraded"] as const;

/** Size of a Bitstring Status List (the spec minimum, 131,072 entries): status_list_index is below it. */
export const STATUS_LIST_SIZE = 131_072;

/**
 * 证书 (navigator certificate). Written once at issuance; the database refuses every change but the
 * `status` column, and that only to the status its latest `certificate_status_events` row implies
 * (migration 0014: a trigger on the events keeps it in step). At most one certificate per person is
 * valid or on hold (partial unique index). Holder and organization are snapshots at issuance.
 */
export const certificates = pgTable(
  "certificates",
  {
    id: serial("id").primaryKey(),
    /** HF370829-2026-1-0007-5 (decision 015) */
    number: text("number").notNull(),
    /** the Open Badges 3.0 credential id, `urn:uuid:<v4>` */
    credentialId: text("credential_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    level: text("level", { enum: CERTIFICATE_LEVELS }).notNull(),
    /** the training year in the number (Asia/Shanghai) */
    year: integer("year").notNull(),
    /** the sequence in the number: gap-free per county, year and level (certificate_sequences) */
    seq: integer("seq").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true, precision: 3 }).notNull(),
    /** null: issued automatically at release */
    issuedBy: integer("issued_by").references(() => users.id),
    /** the passed, released attempt it came from (null only for records brought in from outside: demo data, imports) */
    attemptId: integer("attempt_id").references(() => examAttempts.id),
    /** the certificate this one replaced: the lower one it superseded (已升级), or after an annual assessment the one it replaced (已降级 / a restored level) */
    supersedesId: integer("supersedes_id").references((): AnyPgColumn => certificates.id),
    status: text("status", { enum: CERTIFICATE_STATUSES }).notNull().default("valid"),
    /** the entry of this credential in the county's Bitstring Status List, picked at random */
    statusListIndex: integer("status_list_index").notNull(),
    holderName: text("holder_name").notNull(),
    organizationName: text("organization_name").notNull(),
  },
  (t) => [
    uniqueIndex("certificates_number_unique").on(t.number),
    uniqueIndex("certificates_credential_unique").on(t.credentialId),
    uniqueIndex("certificates_attempt_unique").on(t.attemptId),
    uniqueIndex("certificates_sequence_unique").on(t.countyId, t.year, t.level, t.seq),
    uniqueIndex("certificates_status_list_unique").on(t.countyId, t.statusListIndex),
    /** a person holds at most one valid (or on-hold) certificate */
    uniqueIndex("certificates_one_current")
      .on(t.userId)
      .where(sql`status in ('valid','on_hold')`),
    index("certificates_county_idx").on(t.countyId, t.status, t.level),
    /** 我的证书, the archive, the level rule: a person's certificates */
    index("certificates_user_idx").on(t.userId),
    /** the verification page names the level that replaced a certificate */
    index("certificates_supersedes_idx").on(t.supersedesId),
    check("certificates_status_list_range", sql`${t.statusListIndex} between 0 and ${sql.raw(String(STATUS_LIST_SIZE - 1))}`),
    check("certificates_seq_range", sql`${t.seq} between 1 and 9999`),
    check("certificates_credential_urn", sql`${t.credentialId} ~ '^urn:uuid:[0-9a-f-]{36}$'`),
  ],
);

/** Status history of a certificate: append-only (the database refuses UPDATE and DELETE). */
export const certificateStatusEvents = pgTable(
  "certificate_status_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    kind: text("kind", { enum: CERTIFICATE_EVENT_KINDS }).notNull(),
    /** why (required for revoked and on_hold; a public word for the verification page is in data.publicReason) */
    reason: text("reason"),
    /** null: the system (automatic issuance, a regrade's hold) */
    actorId: integer("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    /** e.g. { supersededBy: certificateId }, { attemptId, markTenths } */
    data: jsonb("data").notNull().default({}),
  },
  (t) => [index("certificate_status_events_cert_idx").on(t.certificateId, t.id)],
);

/** The last number given per county, year and level: incremented in the issuing transaction (gap-free). */
export const certificateSequences = pgTable(
  "certificate_sequences",
  {
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    year: integer("year").notNull(),
    level: text("level", { enum: CERTIFICATE_LEVELS }).notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyId, t.year, t.level] })],
);

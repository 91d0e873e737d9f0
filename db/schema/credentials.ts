import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { counties } from "./org-tree";

/**
 * The issuer's Ed25519 keys (Open Badges 3.0 credentials, decision 018). The public key is published
 * in the DID document (/.well-known/did.json) for as long as the row exists, retired or not, so old
 * credentials keep verifying. The secret is sealed (AES-256-GCM) by a key-encryption key that is NOT
 * in the database (HF_ISSUER_KEK, or the file <DATA_DIR>/issuer-kek): a copy of the rows signs nothing.
 * One key is current (retired_at null); rotation retires it and adds a new one (never deleted: 0019).
 */
export const issuerKeys = pgTable(
  "issuer_keys",
  {
    id: serial("id").primaryKey(),
    publicKeyMultibase: text("public_key_multibase").notNull(),
    /** base64url(iv).base64url(ciphertext+tag) of the secretKeyMultibase, sealed with the KEK */
    sealedSecret: text("sealed_secret").notNull(),
    /** which KEK sealed it (the first 16 hex digits of SHA-256 of the KEK): a wrong KEK is named, not guessed */
    kekFingerprint: text("kek_fingerprint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex("issuer_keys_public_unique").on(t.publicKeyMultibase),
    uniqueIndex("issuer_keys_one_current")
      .on(sql`(true)`)
      .where(sql`retired_at is null`),
  ],
);

export const STATUS_LIST_PURPOSES = ["revocation", "suspension"] as const;

/**
 * A county's Bitstring Status List of one purpose (GZIP + base64url, multibase 'u'): bit
 * `certificates.status_list_index` is set when the certificate is revoked, superseded or downgraded
 * (revocation) or on hold (suspension). Flipped in the transaction of the status change
 * (app/modules/certificates/issue.server.ts changeStatus); signed when served.
 */
export const credentialStatusLists = pgTable(
  "credential_status_lists",
  {
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    purpose: text("purpose", { enum: STATUS_LIST_PURPOSES }).notNull(),
    encodedList: text("encoded_list").notNull(),
    /** +1 at every flip (the served, signed list is cached per version) */
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyId, t.purpose] }), check("credential_status_lists_version_positive", sql`${t.version} >= 1`)],
);

import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { counties } from "./org-tree";

export const MEDIA_KINDS = ["video", "audio", "image"] as const;
export const MEDIA_STATES = ["uploaded", "attached", "published"] as const;

const list = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(",")})`);

/**
 * Uploaded media (videos, audio, images) checked by content (app/modules/media/assets.server.ts,
 * docs/decisions/022). The bytes live in the BlobStore under `blob_key` (content-addressed); a
 * video's poster frame under `poster_key`. An asset starts `uploaded` (only its uploader and the
 * county's reviewers see it), becomes `attached` to an owner (e.g. a micro lesson) and `published`
 * with it (every signed-in user may read it). Unattached assets older than a day are swept.
 */
export const mediaAssets = pgTable(
  "media_assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: MEDIA_KINDS }).notNull(),
    mime: text("mime").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    blobKey: text("blob_key").notNull(),
    /** null for images */
    durationMs: integer("duration_ms"),
    width: integer("width"),
    height: integer("height"),
    posterKey: text("poster_key"),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    /** the uploader's county: reviewers (review:media) of that county may read it */
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    state: text("state", { enum: MEDIA_STATES }).notNull().default("uploaded"),
    ownerKind: text("owner_kind"),
    ownerId: text("owner_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("media_assets_owner_idx").on(t.ownerKind, t.ownerId),
    index("media_assets_state_idx").on(t.state, t.createdAt),
    index("media_assets_blob_idx").on(t.blobKey),
    index("media_assets_poster_idx").on(t.posterKey),
    check("media_assets_kind", sql`${t.kind} in ${list(MEDIA_KINDS)}`),
    check("media_assets_state", sql`${t.state} in ${list(MEDIA_STATES)}`),
    check(
      "media_assets_owner",
      sql`(${t.state} = 'uploaded') = (${t.ownerKind} is null) and (${t.ownerKind} is null) = (${t.ownerId} is null)`,
    ),
    check("media_assets_duration", sql`(${t.kind} = 'image') = (${t.durationMs} is null)`),
  ],
);

/**
 * tus upload bookkeeping (the tus id is the file store's id): who uploads what, how far it got, and
 * the asset it became — or the refusal (a catalog key) when the content was not accepted.
 * A half-finished upload never becomes an asset; abandoned ones are swept after a day.
 */
export const mediaUploads = pgTable(
  "media_uploads",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: MEDIA_KINDS }).notNull(),
    declaredSize: bigint("declared_size", { mode: "number" }).notNull(),
    declaredType: text("declared_type").notNull().default(""),
    filename: text("filename").notNull().default(""),
    offset: bigint("offset", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    assetId: uuid("asset_id").references(() => mediaAssets.id, { onDelete: "set null" }),
    /** the catalog key (media.refused.*) when the finished file was refused */
    refusal: text("refusal"),
  },
  (t) => [index("media_uploads_user_idx").on(t.userId, t.createdAt), check("media_uploads_kind", sql`${t.kind} in ${list(MEDIA_KINDS)}`)],
);

import { open, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, or } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { mediaAssets, supervisionAttachments } from "#db/schema";
import { sniffMediaContainer } from "../storage/sniff";
import { blobStore } from "../storage/storage.server";
import { AppError, forbidden, notFound } from "../errors";
import { canReadAsset } from "./access";
import { posterFrame, probeFile, remuxFaststart } from "./ffmpeg.server";
import { decideProbe, MEDIA_LIMITS, type MediaKind, type RefusalKey } from "./probe";
import zh from "../../i18n/messages/media.zh-CN";
import type { Actor } from "../auth/access";
import { forgetServedAssets } from "./served-assets.server";

/** What a page or another module needs to know about an asset (never the storage keys). */
export interface AssetFacts {
  id: string;
  kind: MediaKind;
  mime: string;
  durationMs: number | null;
  bytes: number;
  width: number | null;
  height: number | null;
  state: "uploaded" | "attached" | "published";
  url: string;
  posterUrl: string | null;
}

export type IngestResult = { ok: true; asset: AssetFacts } | { ok: false; refusal: RefusalKey; message: string };

export type AssetRow = typeof mediaAssets.$inferSelect;

export const assetUrl = (id: string) => `/media/assets/${id}`;

export function factsOf(row: AssetRow): AssetFacts {
  return {
    id: row.id,
    kind: row.kind,
    mime: row.mime,
    durationMs: row.durationMs,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    state: row.state,
    url: assetUrl(row.id),
    posterUrl: row.posterKey ? `${assetUrl(row.id)}/poster` : null,
  };
}

/** The Chinese message of a refusal (the page shows its own locale's from the catalogs). */
export const refusalMessage = (key: RefusalKey) => zh.refused[key.slice("media.refused.".length) as keyof typeof zh.refused];

async function head(path: string, n = 64): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Takes a file on local disk as a media asset of `kind`, checked by content: the first bytes
 * (storage/sniff.ts), then ffprobe (container, codecs, duration, size; media/probe.ts decides). A
 * video is remuxed to fast-start MP4 and gets a poster frame; the bytes go to the BlobStore, the
 * row (state `uploaded`, owned by nobody) into `tx` or the database. The source file is left alone.
 * A refusal is a result with a catalog key (media.refused.*) and its Chinese message; nothing is stored.
 */
export async function ingestFile(
  path: string,
  options: { kind: MediaKind; uploadedBy: number; countyId: number; filename?: string },
  tx?: DbOrTx,
): Promise<IngestResult> {
  const refuse = (refusal: RefusalKey): IngestResult => ({ ok: false, refusal, message: refusalMessage(refusal) });
  const size = (await stat(path)).size;
  if (size > MEDIA_LIMITS.maxUploadBytes) return refuse("media.refused.tooLarge");
  const sniffed = sniffMediaContainer(await head(path));
  if (!sniffed) return refuse("media.refused.type");
  const decision = decideProbe(options.kind, sniffed, await probeFile(path));
  if (!decision.ok) return refuse(decision.refusal);

  const work = await mkdtemp(join(tmpdir(), "hongfan-media-"));
  try {
    let source = path;
    if (decision.remux) {
      source = join(work, "faststart.mp4");
      try {
        await remuxFaststart(path, source);
      } catch {
        return refuse("media.refused.unreadable");
      }
    }
    let posterKey: string | null = null;
    if (decision.kind === "video") {
      const poster = join(work, "poster.jpg");
      try {
        await posterFrame(source, poster, Math.min(1, (decision.durationMs ?? 0) / 2000));
        posterKey = (await blobStore().putFile(poster)).key;
      } catch {
        posterKey = null; // a video without a decodable first second still plays; it just has no poster
      }
    }
    const stored = await blobStore().putFile(source);
    const [row] = await (tx ?? db())
      .insert(mediaAssets)
      .values({
        kind: decision.kind,
        mime: decision.mime,
        bytes: stored.size,
        blobKey: stored.key,
        durationMs: decision.durationMs,
        width: decision.width,
        height: decision.height,
        posterKey,
        uploadedBy: options.uploadedBy,
        countyId: options.countyId,
      })
      .returning();
    return { ok: true, asset: factsOf(row) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Attaches assets to an owner (e.g. ownerKind "micro_lesson"): only assets `actorId` uploaded, still
 * `uploaded` or `attached` (to this owner or re-attached from another draft). Throws forbidden for
 * anything else, so a form cannot claim someone else's upload.
 */
export async function attachAssets(
  tx: DbOrTx,
  input: { assetIds: readonly string[]; ownerKind: string; ownerId: string; actorId: number },
): Promise<void> {
  const ids = [...new Set(input.assetIds)];
  if (!ids.length) return;
  const rows = await tx
    .select({ id: mediaAssets.id, uploadedBy: mediaAssets.uploadedBy, state: mediaAssets.state })
    .from(mediaAssets)
    .where(inArray(mediaAssets.id, ids))
    .for("update");
  if (rows.length !== ids.length) throw notFound("media asset");
  for (const r of rows) if (r.uploadedBy !== input.actorId || r.state === "published") throw forbidden(`media asset ${r.id}`);
  await tx
    .update(mediaAssets)
    .set({ state: "attached", ownerKind: input.ownerKind, ownerId: input.ownerId })
    .where(inArray(mediaAssets.id, ids));
}

/** Publishes attached assets (with their owner): every signed-in person may read them then. */
export async function publishAssets(tx: DbOrTx, assetIds: readonly string[]): Promise<void> {
  const ids = [...new Set(assetIds)];
  if (!ids.length) return;
  forgetServedAssets(ids);
  const changed = await tx
    .update(mediaAssets)
    .set({ state: "published" })
    .where(and(inArray(mediaAssets.id, ids), inArray(mediaAssets.state, ["attached", "published"])))
    .returning({ id: mediaAssets.id });
  if (changed.length !== ids.length) throw new AppError("conflict", "only attached assets can be published");
}

/**
 * Deletes asset rows in `tx`; call `removeBlobs()` after the commit to remove their stored files
 * (those no other asset or attachment still references: storage is content-addressed).
 */
export async function deleteAssets(tx: DbOrTx, assetIds: readonly string[]): Promise<{ removeBlobs(): Promise<void> }> {
  const ids = [...new Set(assetIds)];
  if (!ids.length) return { removeBlobs: async () => {} };
  forgetServedAssets(ids);
  const rows = await tx
    .delete(mediaAssets)
    .where(inArray(mediaAssets.id, ids))
    .returning({ blobKey: mediaAssets.blobKey, posterKey: mediaAssets.posterKey });
  const keys = [...new Set(rows.flatMap((r) => [r.blobKey, r.posterKey]).filter((k): k is string => Boolean(k)))];
  return {
    async removeBlobs() {
      for (const key of await unreferenced(keys)) await blobStore().delete(key);
    },
  };
}

/** Of these storage keys, those no asset or supervision attachment references. */
export async function unreferenced(keys: readonly string[]): Promise<string[]> {
  if (!keys.length) return [];
  const list = [...keys];
  const used = new Set<string>();
  for (const r of await db()
    .select({ a: mediaAssets.blobKey, b: mediaAssets.posterKey })
    .from(mediaAssets)
    .where(or(inArray(mediaAssets.blobKey, list), inArray(mediaAssets.posterKey, list)))) {
    used.add(r.a);
    if (r.b) used.add(r.b);
  }
  for (const r of await db()
    .select({ k: supervisionAttachments.storageKey })
    .from(supervisionAttachments)
    .where(inArray(supervisionAttachments.storageKey, list)))
    used.add(r.k);
  return list.filter((k) => !used.has(k));
}

/** An asset's facts (no access check: for the owning module, which checks its own rules). */
export async function assetFacts(tx: DbOrTx, assetId: string): Promise<AssetFacts | null> {
  if (!isUuid(assetId)) return null;
  const [row] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, assetId));
  return row ? factsOf(row) : null;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** For serving: the row behind /media/assets/<id>, after the access rule (404 for the unknown, 403 otherwise). */
export async function readableAsset(actor: Actor | null, assetId: string): Promise<AssetRow> {
  if (!isUuid(assetId)) throw notFound("media asset");
  const [row] = await db().select().from(mediaAssets).where(eq(mediaAssets.id, assetId));
  if (!row) throw notFound("media asset");
  if (!canReadAsset(actor, row)) throw forbidden();
  return row;
}

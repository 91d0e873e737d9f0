import type { Request, Response } from "express";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors";
import type { ValidSession } from "../auth/session.server";
import { blobStore } from "../storage/storage.server";
import { canReadAsset } from "./access";
import { readableAsset, type AssetRow } from "./assets.server";
import { servedAssets } from "./served-assets.server";
import { planRange } from "./range";

/**
 * Video seeking sends many small ranged requests for the same asset: the row and the stored file's
 * size are kept per process for a few seconds (like the session cache), so a ranged request costs a
 * map lookup, the access rule and the stream. A state change (published, deleted) shows within
 * SERVED_ASSET_TTL_MS (5 s); a deleted file is noticed at once (the read finds nothing and the response ends).
 */

async function cachedAsset(
  actor: ValidSession["actor"],
  assetId: string,
  which: "media" | "poster",
  now = Date.now(),
): Promise<{ row: AssetRow; key: string | null; size: number | null }> {
  const cache = servedAssets.current();
  let entry = cache.get(assetId, now);
  // a cached row the rule refuses is read again (it may have been published meanwhile): a refusal is never cached
  if (!entry || !canReadAsset(actor, entry.row)) {
    const row = await readableAsset(actor, assetId);
    entry = { row, sizes: {} };
    cache.set(assetId, entry, now);
  }
  const key = which === "poster" ? entry.row.posterKey : entry.row.blobKey;
  if (!key) return { row: entry.row, key: null, size: null };
  if (entry.sizes[which] === undefined) entry.sizes[which] = (await blobStore().head(key))?.size ?? null;
  return { row: entry.row, key, size: entry.sizes[which] ?? null };
}

/**
 * GET/HEAD /media/assets/<id> and /media/assets/<id>/poster (docs/decisions/022): signed-in people
 * the access rule lets through (media/access.ts), with HTTP ranges (206/416), a strong ETag (the
 * content address), Last-Modified, `private` caching, nosniff and a sandboxing CSP. Served by
 * Express, streamed from the BlobStore (no Remix render, no buffering: video seeking is hot).
 */
export async function handleAssetRequest(req: Request, res: Response, which: "media" | "poster"): Promise<void> {
  const session = res.locals.session as ValidSession | null | undefined;
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (!session) {
    res.set("Cache-Control", "private, no-store").status(401).json({ error: "unauthenticated" });
    return;
  }
  let found;
  try {
    const assetId = String(req.params.assetId);
    found = await cachedAsset(session.actor, assetId, which);
  } catch (error) {
    if (error instanceof AppError) {
      res.set("Cache-Control", "private, no-store").status(error.status).json({ error: error.code });
      return;
    }
    throw error;
  }
  const { row, key } = found;
  const info = found.size == null ? null : { size: found.size };
  if (!key || !info) {
    res.set("Cache-Control", "private, no-store").status(404).json({ error: "notFound" });
    return;
  }
  const etag = `"${key.slice(key.lastIndexOf("/") + 1, key.lastIndexOf("/") + 33)}"`;
  res.setHeader("Content-Type", which === "poster" ? "image/jpeg" : row.mime);
  res.setHeader("ETag", etag);
  res.setHeader("Last-Modified", row.createdAt.toUTCString());
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("Cache-Control", "private, max-age=3600");
  res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  res.setHeader("Content-Disposition", "inline");
  const inm = req.headers["if-none-match"];
  if (inm && inm.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    res.status(304).end();
    return;
  }
  const plan = planRange(info.size, req.headers.range, req.headers["if-range"] as string | undefined, etag);
  if (plan.status === 416) {
    res.setHeader("Content-Range", `bytes */${info.size}`);
    res.status(416).end();
    return;
  }
  const range = plan.status === 206 ? { start: plan.start, end: plan.end } : undefined;
  if (range) res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${info.size}`);
  res.setHeader("Content-Length", String(range ? range.end - range.start + 1 : info.size));
  res.status(plan.status);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = await blobStore().read(key, range);
  if (!stream) {
    servedAssets.current().discard(row.id);
    res.destroy();
    return;
  }
  await pipeline(stream, res).catch(() => {
    /* the viewer went away (seeking cancels requests) */
  });
}

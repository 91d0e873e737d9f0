import { rm } from "node:fs/promises";
import { join } from "node:path";
import { and, eq, isNull, lt } from "drizzle-orm";
import { db } from "#db/client.server";
import { mediaAssets, mediaUploads } from "#db/schema";
import { deleteAssets } from "./assets.server";
import { MEDIA_LIMITS } from "./probe";
import { uploadsDirectory } from "./tus.server";

/**
 * Removes what media uploads leave behind (run hourly by the server and by `npm run storage:sweep`):
 * tus uploads not touched for a day (their partial file and row) and assets still `uploaded`
 * (never attached to anything) after a day, with their stored files when nothing else uses them.
 */
export async function sweepMedia(options: { now?: Date; uploadsDir?: string } = {}): Promise<{ uploads: number; assets: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - MEDIA_LIMITS.abandonAfterMs);
  const dir = options.uploadsDir ?? uploadsDirectory();
  const stale = await db()
    .select({ id: mediaUploads.id })
    .from(mediaUploads)
    .where(and(isNull(mediaUploads.assetId), lt(mediaUploads.updatedAt, cutoff)));
  for (const { id } of stale) {
    if (!/^[0-9a-f-]{36}$/.test(id)) continue;
    await rm(join(dir, id), { force: true });
    await rm(join(dir, `${id}.json`), { force: true });
    await db().delete(mediaUploads).where(eq(mediaUploads.id, id));
  }
  const orphans = await db()
    .select({ id: mediaAssets.id })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.state, "uploaded"), lt(mediaAssets.createdAt, cutoff)));
  let assets = 0;
  for (const { id } of orphans) {
    const removed = await db().transaction(async (tx) => {
      const [still] = await tx
        .select({ id: mediaAssets.id })
        .from(mediaAssets)
        .where(and(eq(mediaAssets.id, id), eq(mediaAssets.state, "uploaded")))
        .for("update");
      return still ? deleteAssets(tx, [id]) : null;
    });
    if (removed) {
      await removed.removeBlobs();
      assets++;
    }
  }
  // finished uploads' bookkeeping rows are kept a day for the page to read the outcome
  await db().delete(mediaUploads).where(lt(mediaUploads.updatedAt, cutoff));
  return { uploads: stale.length, assets };
}

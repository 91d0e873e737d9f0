import type { DbOrTx } from "#db/client.server";
import { assetFacts, attachAssets, deleteAssets, publishAssets, type AssetFacts } from "../media/assets.server";

/**
 * The media layer (app/modules/media) as this module uses it: one seam, so the micro-lesson use
 * cases never touch a media table or the storage themselves (and tests can stand in for it).
 */
export type MediaFacts = Pick<AssetFacts, "id" | "kind" | "mime" | "durationMs" | "url" | "posterUrl">;

export const MEDIA_OWNER_KIND = "micro_lesson";

export function mediaFacts(tx: DbOrTx, id: string): Promise<MediaFacts | null> {
  return assetFacts(tx, id);
}

export function attachMedia(tx: DbOrTx, input: { assetIds: string[]; ownerId: number; actorId: number }): Promise<void> {
  return attachAssets(tx, {
    assetIds: input.assetIds,
    ownerKind: MEDIA_OWNER_KIND,
    ownerId: String(input.ownerId),
    actorId: input.actorId,
  });
}

export function publishMedia(tx: DbOrTx, ids: string[]): Promise<void> {
  return publishAssets(tx, ids);
}

/** Deletes the assets' rows; the returned function removes their files (call it after the commit). */
export async function deleteMedia(tx: DbOrTx, ids: string[]): Promise<() => Promise<void>> {
  const { removeBlobs } = await deleteAssets(tx, ids);
  return removeBlobs;
}

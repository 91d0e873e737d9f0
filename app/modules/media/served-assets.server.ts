import { defineCache } from "../cache/cache.server";
import type { AssetRow } from "./assets.server";

/**
 * What this process keeps about served assets for a few seconds (serve.server.ts): the row and the
 * stored files' sizes. Publishing and deleting forget their assets here at once (and, through the
 * cache's invalidation seam, on other instances once that is plugged in); other instances notice
 * within the cache's 5 s.
 */
export const SERVED_ASSET_TTL_MS = 5_000;
export type ServedAsset = { row: AssetRow; sizes: Partial<Record<"media" | "poster", number | null>> };
export const servedAssets = defineCache<string, ServedAsset>("servedAssets", { ttlMs: SERVED_ASSET_TTL_MS, max: 2_000 });

export function forgetServedAssets(assetIds: readonly string[]) {
  const cache = servedAssets.current();
  for (const id of assetIds) cache.invalidate(id);
}

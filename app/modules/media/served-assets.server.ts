/**
 * What this process keeps about served assets for a few seconds (serve.server.ts): publishing and
 * deleting forget their assets here at once; other instances notice within the cache's 5 s.
 */
export const servedAssets = new Map<string, unknown>();

export function forgetServedAssets(assetIds: readonly string[]) {
  for (const id of assetIds) servedAssets.delete(id);
}

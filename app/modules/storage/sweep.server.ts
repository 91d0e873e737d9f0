import type { BlobStore } from "./blob-store";
import { blobStore } from "./storage.server";
import { referencedKeys } from "./stored-files.server";

/**
 * Removes stored files no row references and older than `minAgeMs` (default 1 hour): what a
 * process that crashed between storing a file and committing its record left behind (decision 020).
 * The age keeps it away from uploads in progress. Every table holding storage keys is asked
 * (`referencedKeys` in stored-files.server.ts: supervision attachments, lecturer samples, media assets). Returns what it found and removed.
 */
export async function sweepOrphanFiles(
  options: { minAgeMs?: number; now?: Date; store?: BlobStore } = {},
): Promise<{ checked: number; removed: string[] }> {
  const store = options.store ?? blobStore();
  const cutoff = (options.now ?? new Date()).getTime() - (options.minAgeMs ?? 3600_000);
  let checked = 0;
  const removed: string[] = [];
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const referenced = await referencedKeys(batch);
    for (const key of batch) {
      if (referenced.has(key)) continue;
      await store.delete(key);
      removed.push(key);
    }
    batch = [];
  };
  for await (const { key, storedAt } of store.list()) {
    checked++;
    if (storedAt.getTime() > cutoff) continue;
    batch.push(key);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { checked, removed };
}

import { inArray, or } from "drizzle-orm";
import { db } from "#db/client.server";
import { lecturerCandidacies, mediaAssets, supervisionAttachments } from "#db/schema";
import type { SniffedType } from "./sniff";
import { blobStore } from "./storage.server";
import type { CheckedUpload } from "./uploads";

/**
 * The one code path for files that belong to a database row (decision 020): store them
 * (content-addressed) before the row's transaction, remove what a failed transaction left
 * unreferenced, and put back a shared file a concurrent failure removed meanwhile. Every table that
 * holds storage keys is listed in `referencedKeys` (the orphan sweep asks it too).
 */

export type StoredFile = {
  key: string;
  sha256: string;
  size: number;
  created: boolean;
  name: string;
  mediaType: SniffedType;
  bytes: Uint8Array;
};

/** The keys among `keys` that some row references (supervision attachments, lecturer samples, media assets and their posters). */
export async function referencedKeys(keys: readonly string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const list = [...keys];
  const [attachments, samples, media] = await Promise.all([
    db()
      .select({ key: supervisionAttachments.storageKey })
      .from(supervisionAttachments)
      .where(inArray(supervisionAttachments.storageKey, list)),
    db().select({ key: lecturerCandidacies.sampleKey }).from(lecturerCandidacies).where(inArray(lecturerCandidacies.sampleKey, list)),
    db()
      .select({ a: mediaAssets.blobKey, b: mediaAssets.posterKey })
      .from(mediaAssets)
      .where(or(inArray(mediaAssets.blobKey, list), inArray(mediaAssets.posterKey, list))),
  ]);
  const found: (string | null)[] = [...attachments, ...samples].map((r) => r.key);
  for (const r of media) found.push(r.a, r.b);
  return new Set(found.filter((k): k is string => k !== null));
}

/** Stores checked files; on a failure part-way, removes what this call created (unreferenced) and rethrows. */
export async function storeFiles(files: readonly CheckedUpload[]): Promise<StoredFile[]> {
  const store = blobStore();
  const stored: StoredFile[] = [];
  try {
    for (const file of files)
      stored.push({ ...(await store.put(file.bytes)), name: file.name, mediaType: file.mediaType, bytes: file.bytes });
  } catch (error) {
    await removeOrphans(stored);
    throw error;
  }
  return stored;
}

/**
 * After the row's transaction committed: a file that was there before this request (another row's,
 * or a concurrent request's that failed and is cleaning up) may have been removed meanwhile: put it
 * back (same bytes, same key).
 */
export async function restoreMissing(stored: readonly StoredFile[]): Promise<void> {
  const store = blobStore();
  for (const f of stored) if (!f.created && !(await store.has(f.key))) await store.put(f.bytes);
}

/**
 * Files this request stored that no row references (the transaction failed): removed, so a refused
 * or failed write leaves nothing on disk. A file that existed before this request (`created: false`)
 * is never touched.
 */
export async function removeOrphans(stored: readonly StoredFile[]): Promise<void> {
  const created = stored.filter((f) => f.created);
  if (!created.length) return;
  const referenced = await referencedKeys(created.map((f) => f.key));
  const removed = created.filter((f) => !referenced.has(f.key));
  for (const f of removed)
    await blobStore()
      .delete(f.key)
      .catch(() => {});
  // A concurrent request with the same bytes may have committed a reference in between: put those
  // back (together with its own check after commit, the file ends present whichever runs first).
  if (!removed.length) return;
  const nowReferenced = await referencedKeys(removed.map((f) => f.key));
  for (const f of removed) if (nowReferenced.has(f.key)) await blobStore().put(f.bytes);
}

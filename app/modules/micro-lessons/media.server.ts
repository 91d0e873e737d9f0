import type { DbOrTx } from "#db/client.server";

/**
 * The media layer as this module uses it (app/modules/media, branch `media`): one seam, so the
 * micro-lesson use cases never touch a table or the storage of media themselves.
 */
export interface MediaFacts {
  id: number;
  kind: string;
  mime: string;
  durationMs: number | null;
  url: string;
  posterUrl: string | null;
}

const notMerged = () => new Error("the media layer is not merged yet");

export async function mediaFacts(_tx: DbOrTx, _id: number): Promise<MediaFacts | null> {
  throw notMerged();
}

export async function attachMedia(_tx: DbOrTx, _input: { assetIds: number[]; ownerId: number; actorId: number }): Promise<void> {
  throw notMerged();
}

export async function publishMedia(_tx: DbOrTx, _ids: number[]): Promise<void> {
  throw notMerged();
}

/** Deletes the assets' rows; the returned function removes their files (call it after the commit). */
export async function deleteMedia(_tx: DbOrTx, _ids: number[]): Promise<() => Promise<void>> {
  throw notMerged();
}

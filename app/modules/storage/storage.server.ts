import { join } from "node:path";
import { config } from "../config.server";
import type { BlobStore } from "./blob-store";
import { LocalDiskStore } from "./local-disk.server";

const GLOBAL_KEY = Symbol.for("hongfan.blobStore");
type Holder = { [GLOBAL_KEY]?: BlobStore };

/** The process's file storage: local disk under FILES_DIR (default `<DATA_DIR>/files`) unless a test set another. */
export function blobStore(): BlobStore {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= new LocalDiskStore(config().FILES_DIR ?? join(config().DATA_DIR, "files"));
  return holder[GLOBAL_KEY]!;
}

/** Replaces the storage (tests, or an S3-compatible store at start). */
export function setBlobStore(store: BlobStore): void {
  (globalThis as Holder)[GLOBAL_KEY] = store;
}

import { join } from "node:path";
import { config } from "../config.server";
import type { BlobStore } from "./blob-store";
import { LocalDiskStore } from "./local-disk.server";
import { S3Store } from "./s3.server";

const GLOBAL_KEY = Symbol.for("hongfan.blobStore");
type Holder = { [GLOBAL_KEY]?: BlobStore };

/**
 * The process's file storage: the S3-compatible bucket S3_BUCKET when set (decision 022), else local
 * disk under FILES_DIR (default `<DATA_DIR>/files`), unless a test set another.
 */
export function blobStore(): BlobStore {
  const holder = globalThis as Holder;
  const env = config();
  holder[GLOBAL_KEY] ??= env.S3_BUCKET
    ? new S3Store(env.S3_BUCKET, {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
        ...(env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } }
          : {}),
      })
    : new LocalDiskStore(env.FILES_DIR ?? join(env.DATA_DIR, "files"));
  return holder[GLOBAL_KEY]!;
}

/** Replaces the storage (tests, or an S3-compatible store at start). */
export function setBlobStore(store: BlobStore): void {
  (globalThis as Holder)[GLOBAL_KEY] = store;
}

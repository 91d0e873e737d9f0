/**
 * One storage interface for uploaded files (docs/decisions/020). Keys are content-addressed:
 * `sha256/<first 2 hex>/<64 hex>`, so the same bytes are stored once and a key names exactly one
 * content. Local disk is the default implementation (storage/local-disk.server.ts); an
 * S3-compatible one can implement the same interface later (/work notes: @aws-sdk/client-s3 with
 * checksums WHEN_REQUIRED for the Chinese clouds).
 */
export interface PutResult {
  key: string;
  sha256: string;
  size: number;
  /** false when the same content was stored already (by this or another record) */
  created: boolean;
}

export interface BlobStore {
  /** Stores the bytes under their content key (idempotent). */
  put(bytes: Uint8Array): Promise<PutResult>;
  /** The bytes under a key, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Whether a key holds content. */
  has(key: string): Promise<boolean>;
  /**
   * Removes a key's content. Only for cleaning up what a failed write left behind (an orphan no row
   * references); stored records are append-only and their files are never deleted.
   */
  delete(key: string): Promise<void>;
  /** Every stored key with when it was written (for the orphan sweep). */
  list(): AsyncIterable<{ key: string; storedAt: Date }>;
  /** Stores a file's bytes under their content key, streaming (large media: never whole in memory). */
  putFile(path: string): Promise<PutResult>;
  /** A key's size and when it was written, or null. */
  head(key: string): Promise<{ size: number; storedAt: Date } | null>;
  /** A stream of a key's bytes, or of the inclusive byte range [start, end]; null when there are none. */
  read(key: string, range?: { start: number; end: number }): Promise<NodeJS.ReadableStream | null>;
}

const KEY = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function keyOf(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error("not a sha256 hex digest");
  return `sha256/${sha256Hex.slice(0, 2)}/${sha256Hex}`;
}

/** Whether a key is well formed (the first two hex digits repeat the digest's): nothing else reaches the disk. */
export function isValidKey(key: string): boolean {
  const m = KEY.exec(key);
  return m !== null && m[2].startsWith(m[1]);
}

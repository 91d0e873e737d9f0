import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * The archive hash chain (decision 019), the parts computed in JavaScript.
 *
 *   body         = { v: 1, userId, type, occurredAt (ISO, ms), actorId, reason, data }
 *   content_hash = sha256(utf8(JCS(body)))            JCS = RFC 8785 (canonicalize 4.0.0)
 *   hash         = sha256(prev_hash || content_hash)  (the database trigger computes it; verify recomputes it)
 *   genesis      = sha256(utf8("hongfan/archive/v1/" + userId))
 *
 * Pure apart from hashing: shared by the writer, archive:verify and the tests.
 */

export const BODY_VERSION = 1;

export interface ArchiveBody {
  v: number;
  userId: number;
  type: string;
  /** ISO 8601 at millisecond precision, as the database gives it back */
  occurredAt: string;
  actorId: number | null;
  reason: string | null;
  data: Record<string, unknown>;
}

export function sha256(...parts: (Buffer | Uint8Array | string)[]): Buffer {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

export function genesisHash(userId: number): Buffer {
  return sha256(`hongfan/archive/v1/${userId}`);
}

/** RFC 8785 canonical text of the body. */
export function canonicalBody(body: ArchiveBody): string {
  const text = canonicalize(body);
  if (text === undefined) throw new Error("archive body has no canonical form");
  return text;
}

export function contentHash(body: ArchiveBody): Buffer {
  return sha256(canonicalBody(body));
}

export function linkHash(prevHash: Uint8Array, content: Uint8Array): Buffer {
  return sha256(prevHash, content);
}

/** A millisecond-precision timestamp (a database default would have microseconds, which the hash would not match). */
export function archiveTime(d: Date = new Date()): Date {
  return new Date(Math.floor(d.getTime()));
}

/**
 * The payload as it will come back from JSONB, or an error: what JSONB would change or refuse
 * (integers beyond 2^53, NaN / Infinity, NUL, lone surrogates, undefined members, Dates) is
 * refused or made explicit here, so the hash over the stored row equals the hash written.
 */
export function storablePayload(data: unknown): Record<string, unknown> {
  check(data, "data");
  const normalized = JSON.parse(JSON.stringify(data)) as unknown;
  if (normalized === null || typeof normalized !== "object" || Array.isArray(normalized)) throw new Error("archive data must be an object");
  return normalized as Record<string, unknown>;
}

function check(value: unknown, path: string): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`archive data ${path}: not a finite number`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new Error(`archive data ${path}: integer beyond 2^53`);
  } else if (typeof value === "string") {
    if (value.includes("\0")) throw new Error(`archive data ${path}: NUL`);
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value))
      throw new Error(`archive data ${path}: lone surrogate`);
  } else if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol") {
    throw new Error(`archive data ${path}: ${typeof value} is not JSON`);
  } else if (value instanceof Date) {
    throw new Error(`archive data ${path}: a Date (write its ISO text)`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, `${path}[${i}]`));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\0")) throw new Error(`archive data ${path}: NUL in a key`);
      check(v, `${path}.${k}`);
    }
  }
}

/** One link as stored: what verify needs to check it. */
export interface StoredLink {
  id: number;
  userId: number;
  seq: number;
  v: number;
  contentHash: Uint8Array;
  prevHash: Uint8Array;
  hash: Uint8Array;
  /** the recomputed content hash (from the row's fields; version 0 rows: by the database's function) */
  recomputed: Uint8Array | null;
}

export type BrokenReason = "seq" | "content" | "prev" | "hash" | "head" | "version";

export interface Broken {
  userId: number;
  eventId: number | null;
  seq: number;
  reason: BrokenReason;
}

/**
 * Checks one person's chain incrementally (feed links in seq order). Returns the first broken link
 * or null; after the first break the person is not checked further.
 */
export class ChainChecker {
  private userId: number | null = null;
  private prev: Buffer = Buffer.alloc(0);
  private seq = 0;
  private broken: Broken | null = null;

  start(userId: number): void {
    this.userId = userId;
    this.prev = genesisHash(userId);
    this.seq = 0;
    this.broken = null;
  }

  add(link: StoredLink): Broken | null {
    if (this.broken) return null;
    const fail = (reason: BrokenReason): Broken => (this.broken = { userId: link.userId, eventId: link.id, seq: link.seq, reason });
    if (link.seq !== this.seq + 1) return fail("seq");
    if (!link.recomputed) return fail("version");
    if (!Buffer.from(link.recomputed).equals(Buffer.from(link.contentHash))) return fail("content");
    if (!this.prev.equals(Buffer.from(link.prevHash))) return fail("prev");
    const expected = linkHash(this.prev, link.contentHash);
    if (!expected.equals(Buffer.from(link.hash))) return fail("hash");
    this.prev = expected;
    this.seq = link.seq;
    return null;
  }

  /** The head row must name the last link (a removed tail shows here). */
  finish(head: { seq: number; hash: Uint8Array } | null): Broken | null {
    if (this.broken || this.userId === null) return null;
    if (!head || head.seq !== this.seq || !Buffer.from(head.hash).equals(this.prev)) {
      return (this.broken = { userId: this.userId, eventId: null, seq: this.seq + 1, reason: "head" });
    }
    return null;
  }
}

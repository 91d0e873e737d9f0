import { IMPORT_LIMITS } from "../app/modules/imports/limits";
import { ATTACHMENT_LIMITS } from "../app/modules/supervision/limits";
import { MEDIA_LIMITS } from "../app/modules/media/probe";

/**
 * What the server lets into a request and what it lets a cache keep of the answer
 * (docs/decisions/014-request-limits.md). Pure: enforced by server/request-guard.ts in front of the
 * hot path, Express, its body parsers and Remix.
 */

const KB = 1024;
const MB = 1024 * 1024;

export const BODY_LIMITS = {
  /** Without a session cookie: the login, registration and language forms are a few hundred bytes. */
  anonymous: 32 * KB,
  /** With one: any form or JSON call of the app (the largest, an exam save batch, is at most 512 KB). */
  signedIn: 1 * MB,
  /** On top of an upload's file cap: the multipart framing and the form's other fields. */
  uploadSlack: 1 * MB,
} as const;

/**
 * The JSON endpoints answered in front of Express (server/hot-path.ts, docs/decisions/027) and the
 * most bytes of body each takes — the one place these limits live: the guard enforces them
 * (server/request-guard.ts: 413 by the declared length, or counted as a chunked body streams).
 */
export const JSON_ENDPOINT_LIMITS: ReadonlyMap<string, number> = new Map([
  ["/api/study/beat", 4 * KB],
  ["/api/study/attention", 1 * KB],
  // The exam page sends at most 50 saves (MAX_BATCH) of which a 简答 may be 5,000 characters.
  ["/api/exam/save", 512 * KB],
  ["/api/exam/event", 1 * KB],
]);

export type PathClass =
  "json-endpoint" | "question-import" | "attendance-upload" | "supervision-upload" | "media-upload" | "lecturer-sample-upload" | "other";

/** A Remix route's path; its single-fetch data request (`/x.data`, `/_root.data`) counts as the route. */
export function pathClass(path: string): PathClass {
  if (JSON_ENDPOINT_LIMITS.has(path)) return "json-endpoint";
  const route = path.replace(/\.data$/, "").replace(/\/+$/, "");
  if (/^\/question-banks\/[^/]+\/import$/.test(route)) return "question-import";
  if (/^\/admin\/offline-classes\/[^/]+$/.test(route)) return "attendance-upload";
  if (/^\/admin\/supervision\/[^/]+$/.test(route)) return "supervision-upload";
  if (/^\/uploads(\/[0-9a-f-]{36})?$/.test(path)) return "media-upload";
  if (route === "/lecturers/apply" || route === "/admin/lecturers/candidacies/new") return "lecturer-sample-upload";
  return "other";
}

/**
 * The most bytes of request body the server reads for this path (without its query): the file-import
 * routes get their files' caps (app/modules/imports/limits.ts) plus slack, for a signed-in person
 * only; the JSON endpoints their own (never more than the signed-in or anonymous cap) (anonymous, the route would only send them to the login page); every other request the
 * signed-in or the anonymous cap.
 */
export function bodyLimit(path: string, signedIn: boolean): number {
  const json = JSON_ENDPOINT_LIMITS.get(path);
  if (json !== undefined) return Math.min(json, signedIn ? BODY_LIMITS.signedIn : BODY_LIMITS.anonymous);
  if (!signedIn) return BODY_LIMITS.anonymous;
  switch (pathClass(path)) {
    case "question-import":
      return IMPORT_LIMITS.questionFileBytes + BODY_LIMITS.uploadSlack;
    case "attendance-upload":
      return IMPORT_LIMITS.attendanceFileBytes + BODY_LIMITS.uploadSlack;
    case "supervision-upload":
      // a supervision record's attachments: at most 5 files of 10 MB (docs/decisions/020)
      return ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxBytes + BODY_LIMITS.uploadSlack;
    case "media-upload":
      // tus PATCH bodies: at most the whole file (docs/decisions/022)
      return MEDIA_LIMITS.maxUploadBytes;
    case "lecturer-sample-upload":
      // a lecturer candidacy's one sample file of 10 MB (docs/decisions/024)
      return 10 * MB + BODY_LIMITS.uploadSlack;
    default:
      return BODY_LIMITS.signedIn;
  }
}

/** The answer to a body over the cap (413); a JSON endpoint's is the code `tooLarge` (app/contracts/json-errors.ts). */
export const TOO_LARGE_MESSAGE = "请求内容过大，已被拒绝。(request body too large)";

export const NO_STORE = "private, no-store";

/**
 * The Cache-Control an answer leaves with, given the one it was about to send (`current`):
 * - hashed build assets (/assets/…, immutable) and the public lesson videos keep theirs;
 * - to a request with a session cookie everything else is personal: `private, no-store`, except an
 *   answer that declares itself public and immutable (content-addressed, the same for everyone:
 *   the hashed i18n catalogs);
 * - anonymous: what the route or static file set, else `private, no-store` (HTML, .data and JSON
 *   of the app are not cached unless a route says so).
 */
export function cacheControlFor(path: string, signedIn: boolean, current: string | undefined): string | undefined {
  if (path.startsWith("/assets/") || path.startsWith("/media/videos/")) return current;
  // uploaded media: the handler's `private, max-age` (the access rule only widens; never `public`)
  if (signedIn && path.startsWith("/media/assets/") && current && /^private\b/i.test(current) && !/\bpublic\b/i.test(current))
    return current;
  if (signedIn) return current && /\bpublic\b/i.test(current) && /\bimmutable\b/i.test(current) ? current : NO_STORE;
  return current ?? NO_STORE;
}

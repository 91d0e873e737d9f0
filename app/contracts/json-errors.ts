/**
 * The error answers of the JSON endpoints (POST /api/study/beat, /api/study/attention,
 * /api/exam/save, /api/exam/event; server/hot-path.ts, docs/decisions/027): a CODE, never words.
 * The page words it from its catalog (`apiErrors.<code>`, app/i18n/messages/; decision 004).
 * Browser-safe: types and constants only, no zod, no server code.
 */

/** What the HTTP layer answers before an endpoint sees the request (the same for every endpoint). */
import type { ErrorCode } from "~/modules/errors";

export type TransportErrorCode =
  /** 403: Origin (or Referer) is not this site */
  | "crossSite"
  /** 413: the body is over the endpoint's limit (declared, or counted as it streams) */
  | "tooLarge"
  /** 415: not `application/json` (UTF-8) */
  | "unsupportedMediaType"
  /** 415: a Content-Encoding (gzip, …): the endpoints take plain JSON only */
  | "unsupportedEncoding"
  /** 400: not JSON, or JSON that is neither an object nor an array */
  | "malformedJson"
  /** 405: anything but POST */
  | "methodNotAllowed"
  /** 500: the server failed; try again later */
  | "internal";

/**
 * What an endpoint may answer about the request itself: 401 without a session, else the domain's
 * AppError codes (app/modules/errors.ts: badRequest 400 — JSON of the wrong shape —, forbidden 403,
 * notFound 404, conflict 409, rateLimited 429).
 */
export type EndpointErrorCode = "unauthenticated" | ErrorCode;

export type JsonErrorCode = TransportErrorCode | EndpointErrorCode;

export interface JsonError<C extends string = JsonErrorCode> {
  error: C;
}

/** Every code a page may receive from these endpoints: the transport's, the endpoints', the exam save's own. */
export type WordedErrorCode = JsonErrorCode | "tooFast" | "stepLimit" | "closed";

const WORDED: Record<WordedErrorCode, true> = {
  crossSite: true,
  tooLarge: true,
  unsupportedMediaType: true,
  unsupportedEncoding: true,
  malformedJson: true,
  methodNotAllowed: true,
  internal: true,
  unauthenticated: true,
  badRequest: true,
  forbidden: true,
  notFound: true,
  conflict: true,
  rateLimited: true,
  tooFast: true,
  stepLimit: true,
  closed: true,
};

/** Every code the pages must be able to word (the catalogs' `apiErrors` has one entry per code: tested). */
export const JSON_ERROR_CODES = Object.keys(WORDED) as WordedErrorCode[];

/** The error code of a JSON answer's body, when it has one the page knows. */
export function errorCodeOf(body: unknown): WordedErrorCode | null {
  const code = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof code === "string" && Object.hasOwn(WORDED, code) ? (code as WordedErrorCode) : null;
}

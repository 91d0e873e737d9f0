/**
 * One error type for the whole domain. `code` is stable and documented here; `ERROR_STATUS` is
 * the one place codes become HTTP statuses; the message catalog (`errors.<code>`) turns them into
 * words. Outcomes a user expects (not eligible, bad input) are results, not AppErrors.
 */
export const ERROR_STATUS = {
  /** the request is malformed in a way a form would have prevented */
  badRequest: 400,
  /** signed in but not allowed: wrong role or outside scope */
  forbidden: 403,
  /** no such thing (or deliberately hidden) */
  notFound: 404,
  /** the thing changed state since the page was loaded */
  conflict: 409,
  /** too many attempts */
  rateLimited: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const forbidden = (detail?: string) => new AppError("forbidden", detail);
export const notFound = (detail?: string) => new AppError("notFound", detail);

/**
 * Attachments of a supervision record (docs/decisions/020): images (JPEG, PNG, WebP) and PDF only,
 * by content; at most `maxFiles` per record, each at most `maxBytes`. The request body cap of the
 * recording route (server/request-limits.ts) is maxFiles × maxBytes + 1 MB, so a larger upload is
 * refused before it is read.
 */
export const ATTACHMENT_LIMITS = {
  maxFiles: 5,
  maxBytes: 10 * 1024 * 1024,
  maxNameLength: 120,
} as const;

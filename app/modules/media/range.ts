import parseRange from "range-parser";

/**
 * What to answer a GET with a Range header (pure; the same parser express.static/send use):
 * the whole file (200), one byte range (206), or 416 when no range fits. Several ranges are answered
 * with the whole file (players never ask for multipart/byteranges). An If-Range that does not name
 * the current ETag means the whole file.
 */
export type RangePlan = { status: 200 } | { status: 206; start: number; end: number } | { status: 416 };

export function planRange(size: number, range: string | undefined, ifRange: string | undefined, etag: string): RangePlan {
  if (!range || (ifRange !== undefined && ifRange.trim() !== etag)) return { status: 200 };
  if (size === 0) return { status: 416 };
  const parsed = parseRange(size, range, { combine: true });
  if (parsed === -2) return { status: 200 }; // malformed: ignore the header, as send does
  if (parsed === -1 || parsed.type !== "bytes") return { status: 416 };
  if (parsed.length !== 1) return { status: 200 };
  return { status: 206, start: parsed[0].start, end: parsed[0].end };
}

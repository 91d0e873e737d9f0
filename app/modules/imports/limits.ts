/**
 * Bounds every file import (questions, attendance lists) keeps, so that one upload cannot take the
 * server's memory or event loop (issue 8 item 3; docs/decisions/007):
 * - a row cap, checked while the file is streamed: reading stops at the first row above it and the
 *   file is refused with a message naming the limit;
 * - at most `shownProblems` problems go back to the page, with the number of the others;
 * - writes go in chunks of `insertChunk` rows (a statement's parameters stay far below PostgreSQL's
 *   65,535 and the SQL builder's recursion depth), and long loops yield to the event loop every
 *   `yieldEvery` rows so other requests are answered meanwhile.
 */
export const IMPORT_LIMITS = {
  /** Questions in one question file (xlsx, csv, gift). */
  questionRows: 10_000,
  /** People in one attendance list. */
  attendanceRows: 5_000,
  /** Problems listed on the page; the rest are counted ("还有 M 处"). */
  shownProblems: 200,
  /** Bytes of one uploaded question file (the import page's own check; the server's body cap is this + slack). */
  questionFileBytes: 20 * 1024 * 1024,
  /** Bytes of one uploaded attendance list. */
  attendanceFileBytes: 5 * 1024 * 1024,
  insertChunk: 500,
  yieldEvery: 100,
} as const;

/** The first `max` problems and how many more there were. */
export function capProblems<T>(problems: readonly T[], max: number = IMPORT_LIMITS.shownProblems): { shown: T[]; more: number } {
  return { shown: problems.slice(0, max), more: Math.max(0, problems.length - max) };
}

/** Lets the event loop answer other requests (timers and I/O run before this resolves). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Splits a list into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number = IMPORT_LIMITS.insertChunk): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

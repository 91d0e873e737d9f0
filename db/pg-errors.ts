/**
 * PostgreSQL errors by their SQLSTATE, on either driver: postgres.js and PGlite put `code` on the
 * error itself; drizzle may wrap it, with the driver's error as `cause`.
 */
type PgErrorLike = { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown; cause?: unknown };

function driverError(error: unknown): PgErrorLike | null {
  let e = error as PgErrorLike | null | undefined;
  for (let depth = 0; e && depth < 3; depth++, e = e.cause as PgErrorLike | null | undefined) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
  }
  return null;
}

/** 23505: a unique index refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  return driverError(error)?.code === "23505";
}

/** 23514: the named CHECK constraint refused the row. */
export function violatesCheck(error: unknown, constraint: string): boolean {
  const e = driverError(error);
  if (e?.code !== "23514") return false;
  const name = e.constraint_name ?? e.constraint;
  return name === constraint || (typeof name !== "string" && String(e.message ?? "").includes(`"${constraint}"`));
}

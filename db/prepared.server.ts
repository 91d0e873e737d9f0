import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import { getDatabase } from "./client.server";

/**
 * One hand-written SQL statement as a named prepared statement, for hot paths.
 *
 * Why not `db().execute(sql\`…\`)`: drizzle runs such statements (and query-builder queries
 * without `.prepare(name)`) unprepared, and postgres.js then sends an unprepared statement with
 * parameters in two round trips (Parse/Describe, wait, then Bind/Execute) — every time. A
 * prepared statement is described once per connection and then costs one round trip.
 *
 * Parameters are plain values: numbers, strings, booleans or null (pass timestamps as ISO
 * strings and cast them in SQL, `$1::text::timestamptz`, and JSON as a string, `$2::text::jsonb`,
 * so both drivers send the same text). Cast results to int4/float8/text/bool: both drivers then
 * give the same JavaScript values (int8 and numeric come back as strings from postgres.js).
 * Works on PostgreSQL (postgres.js) and on the embedded PGlite.
 */
export async function preparedQuery<T extends Record<string, unknown>>(
  text: string,
  params: (string | number | boolean | null)[],
): Promise<T[]> {
  const database = getDatabase();
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.driver === "postgres") {
    return (await (client as Sql).unsafe<T[]>(text, params, { prepare: true })) as unknown as T[];
  }
  return (await (client as PGlite).query<T>(text, params)).rows;
}

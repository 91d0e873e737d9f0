import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import { getDatabase } from "./client.server";

/**
 * SQL with values inlined, for hot paths (exam start and finalisation, the archive insert they embed).
 *
 * Why: postgres.js sends a statement that has parameters and is not prepared in two round trips
 * (Parse/Describe, wait, Bind/Execute); a statement without parameters goes in one. Inside a
 * transaction that holds a lock, every round trip saved is lock time saved. Values are inlined only
 * through these functions: integers checked as such, timestamps as ISO text, and text as an E'...'
 * literal with backslashes and quotes escaped (the same meaning whatever standard_conforming_strings
 * says; NUL, which PostgreSQL text cannot hold, is refused).
 */

export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

export function text(s: string): string {
  if (s.includes("\0")) throw new Error("NUL in a SQL literal");
  return `E'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

export function ts(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Error("invalid date in a SQL literal");
  return `${text(d.toISOString())}::timestamptz`;
}

export function json(value: unknown): string {
  return `${text(JSON.stringify(value))}::jsonb`;
}

/** Rows of a drizzle `execute` result on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/**
 * Runs several statements in ONE round trip (the simple query protocol: one implicit transaction,
 * all or nothing, each statement with a fresh snapshot) and returns the rows of the last one.
 * For a lock that must be held as briefly as possible: taken by the first statement and released
 * at the end of the same round trip, never held while this process is busy with other requests.
 */
export async function runScript<T>(script: string): Promise<T[]> {
  const database = getDatabase();
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.driver === "postgres") {
    const results = (await (client as Sql).unsafe(script).simple()) as unknown as T[][] | T[];
    // one statement: its rows; several: one array of rows per statement
    return Array.isArray(results[0]) || results.length === 0 ? ((results as T[][])[results.length - 1] ?? []) : (results as T[]);
  }
  const results = await (client as PGlite).exec(script);
  return results[results.length - 1].rows as T[];
}

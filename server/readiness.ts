/**
 * Liveness and readiness (issue 15, docs/decisions/032), for the proxy, systemd and an orchestrator:
 *
 * - `/healthz`: the process is alive and its event loop answers. It never touches the database: a
 *   database outage must not make a supervisor restart every instance at once.
 * - `/readyz`: this instance should receive traffic — the database answers within READY_TIMEOUT_MS,
 *   its migrations are the ones this build carries, the cross-instance cache link is listening (on
 *   a PostgreSQL server), and the instance is not shutting down. 503 with the failing checks
 *   otherwise. Names and booleans only, nothing about data.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.server";

export const READY_TIMEOUT_MS = 2_000;

export interface ReadinessChecks {
  database: boolean;
  migrations: boolean;
  /** the LISTEN connection that carries other instances' invalidations (true on the embedded database: one process) */
  cacheLink: boolean;
  /** false once SIGTERM was received */
  accepting: boolean;
}

export function isReady(checks: ReadinessChecks): boolean {
  return checks.database && checks.migrations && checks.cacheLink && checks.accepting;
}

/** How many migrations this build carries (drizzle's journal). */
export function expectedMigrations(folder = join(process.cwd(), "db/migrations")): number {
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

export function createReadiness(options: {
  database: () => Database;
  expected: number;
  cacheLinkListening: () => boolean;
  accepting: () => boolean;
}): () => Promise<ReadinessChecks> {
  let migrationsCurrent = false;
  return async () => {
    let database = false;
    let migrations = migrationsCurrent;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), READY_TIMEOUT_MS).unref());
      const probe = async () => {
        const db = options.database().db;
        if (migrationsCurrent) {
          await db.execute(sql`select 1`);
          return;
        }
        // once current, always current for this process: later probes are a bare round trip
        const rows = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as
          { n: number }[] | { rows: { n: number }[] };
        const n = Array.isArray(rows) ? rows[0]?.n : rows.rows[0]?.n;
        // a newer build may have migrated further already (a rolling upgrade: migrations only add)
        migrations = migrationsCurrent = n !== undefined && n >= options.expected;
      };
      await Promise.race([probe(), timeout]);
      database = true;
    } catch {
      database = false;
    }
    return { database, migrations, cacheLink: options.cacheLinkListening(), accepting: options.accepting() };
  };
}

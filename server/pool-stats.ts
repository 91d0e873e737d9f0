import { getDatabase } from "../db/client.server";

/**
 * The postgres.js pool's state, for the metrics (server/metrics.ts). postgres.js 3.4.9 keeps its
 * connection queues (open, busy, full, reserved, connecting, closed) and the queries waiting for a
 * connection in closures that nothing exposes; the project's patch (patches/postgres+3.4.9.patch,
 * docs/decisions/033) adds a `poolStats()` method reading their lengths. Null on the embedded PGlite
 * (no pool) and before the database is open.
 */
export interface PoolStats {
  /** connections by queue: open = idle, busy = running queries with pipeline room, full = at the pipeline limit, reserved = held by sql.reserve(), connecting, closed = not connected (never opened yet, or closed when idle) */
  connections: Record<"open" | "busy" | "full" | "reserved" | "connecting" | "closed", number>;
  /** queries waiting for a connection */
  queued: number;
}

export function poolStats(): PoolStats | null {
  let client: unknown;
  try {
    client = (getDatabase().db as unknown as { $client?: unknown }).$client;
  } catch {
    return null;
  }
  const stats = (client as { poolStats?: () => PoolStats } | undefined)?.poolStats?.();
  return stats && typeof stats.queued === "number" ? stats : null;
}

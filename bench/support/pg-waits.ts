import postgres from "postgres";
import { sleep } from "./processes";

/**
 * What the benchmark database's backends are doing while a phase runs, sampled every 50 ms from
 * pg_stat_activity: idle, running, waiting for a lock (Lock:tuple, Lock:transactionid…), for the
 * client, for I/O. `stop()` ends the sampling and gives the mean number of backends per state.
 */
export function sampleWaits(dbUrl: string): { stop: () => Promise<string[]> } {
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    try {
      while (sampling) {
        const rows = await sql<{ w: string }[]>`
          select case when state = 'idle' then 'idle' when wait_event is null then 'running (CPU)' else wait_event_type || ':' || wait_event end as w
          from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;
        samples++;
        for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
        await sleep(50);
      }
    } finally {
      await sql.end({ timeout: 2 });
    }
  })();
  return {
    stop: async () => {
      sampling = false;
      await sampler;
      return [...waits].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${(n / Math.max(1, samples)).toFixed(1)}`);
    },
  };
}

import { readdirSync, readFileSync } from "node:fs";
import postgres from "postgres";

/** Where a benchmark's CPU went, from /proc (Linux; zeros elsewhere), and PostgreSQL's commit count. */

/** /proc counts in USER_HZ ticks, 100 a second on Linux. */
export const ticksToMs = (ticks: number) => ticks * 10;

export interface CpuTicks {
  server: number;
  postgres: number;
  busyTicks: number;
  wallTicks: number;
  stealTicks: number;
}

/**
 * CPU ticks of the server process, of the PostgreSQL backends connected to the benchmark's database
 * (other databases' backends, e.g. a test run, count as "everything else"), and of the machine.
 */
export function readCpu(serverPid: number, dbName: string): CpuTicks {
  const procTicks = (pid: string): { comm: string; ticks: number } | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      return { comm, ticks: Number(fields[11]) + Number(fields[12]) }; // utime, stime
    } catch {
      return null;
    }
  };
  let postgresTicks = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const p = procTicks(pid);
      if (!p || !p.comm.startsWith("postgres")) continue;
      let title = "";
      try {
        title = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        continue;
      }
      if (title.includes(` ${dbName} `)) postgresTicks += p.ticks;
    }
  } catch {
    // no /proc
  }
  let busyTicks = 0;
  let wallTicks = 0;
  let stealTicks = 0;
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.slice(0, 8).reduce((s, x) => s + x, 0);
    busyTicks = total - idle - (cpu[7] ?? 0); // steal is time the host gave to someone else
    wallTicks = total;
    stealTicks = cpu[7] ?? 0;
  } catch {
    // no /proc
  }
  return { server: procTicks(String(serverPid))?.ticks ?? 0, postgres: postgresTicks, busyTicks, wallTicks, stealTicks };
}

/** The machine's cores (0 when /proc/cpuinfo cannot be read). */
export function readCpuCount(): number {
  try {
    return readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("processor")).length;
  } catch {
    return 0;
  }
}

/** The database's committed transactions so far (pg_stat_database), or null. */
export async function readCommits(dbUrl: string): Promise<number | null> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await sql<{ n: string }[]>`select xact_commit::text as n from pg_stat_database where datname = current_database()`;
    return Number(n);
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

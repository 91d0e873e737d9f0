/**
 * `npm run bench:heartbeat` — study heartbeats under load; prints figures, asserts nothing.
 *
 * 1. Creates a throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or
 *    TEST_PG_ADMIN_URL), migrates it, imports the curriculum, and creates BENCH_CLIENTS (200)
 *    learners in one county/town/organization, each with a session. The database is dropped at
 *    the end, also on error or Ctrl-C.
 * 2. Starts the real app server (`node --import tsx server/index.ts`, NODE_ENV=production,
 *    SEED_DEMO=false) as a child process on a free port against that database.
 * 3. Each learner is one client with its own keep-alive connection: it sends `start` once, then
 *    loops POST /api/study/beat → await → repeat for BENCH_SECONDS (30), BENCH_ROUNDS (3) times on
 *    the same server process (to show whether postgres.js's long-lived-process slowdown,
 *    porsager/postgres#747, bites), with a BENCH_PAUSE_SECONDS (2) pause between rounds.
 *    A beat less than a second after the learner's previous judged beat is a "replay" (a full
 *    transaction, no credit); about once a second per learner — and on the first beat after each
 *    pause — a beat is credited, so credited totals can be checked.
 * 4. Checks: every acknowledged beat (2xx with an outcome) has its row in study_beats, and the
 *    seconds in study_year_totals equal the sum of creditSeconds acknowledged.
 * 5. Baseline in the same run: a bare node:http server in its own child process (this file with
 *    --baseline-server) doing ONE postgres.js upsert per POST, loaded the same way and as often.
 *
 * Also printed per round: CPU time per request of the server process, of PostgreSQL and of this
 * load generator (from /proc), and PostgreSQL commits per request, to show where the time goes.
 * Everything runs on this machine: on 2 cores the load generator, the server and PostgreSQL share
 * them, which is the point of comparing against a baseline measured the same way.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { parseJson, serveBaseline } from "./support/baseline";
import { readCommits, readCpu, readCpuCount, ticksToMs } from "./support/cpu";
import { run, sleep, startServer, stopServer, type Target } from "./support/processes";
import { fmt, fmtLoad, quantiles } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const PAUSE_SECONDS = Number(process.env.BENCH_PAUSE_SECONDS ?? 2);
const INTERLEAVE = process.env.BENCH_INTERLEAVE !== "0";
const REQUEST_TIMEOUT_MS = 10_000;
const SLICE_SECONDS = 5;

// ---------------------------------------------------------------------------------------------
// The baseline: bare node:http, one upsert per POST, in its own process.

async function runBaselineServer() {
  await serveBaseline({
    setup: (sql) => sql`create table if not exists bench_beats (user_id integer primary key, n integer not null)`,
    handle: async (req, body, sql) => {
      if (req.method !== "POST") return { status: 404 };
      const userId = Number(req.headers["x-bench-user"]);
      if (parseJson(body) === undefined) return { status: 400 };
      const [row] =
        await sql`insert into bench_beats (user_id, n) values (${userId}, 1) on conflict (user_id) do update set n = bench_beats.n + 1 returning n`;
      return { status: 200, body: JSON.stringify({ outcome: "stored", n: row.n, creditSeconds: 0 }) };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The driver.

interface Learner {
  userId: number;
  cookie: string;
  streamId: string;
  lessonId: number;
}

interface PhaseResult {
  label: string;
  elapsedMs: number;
  ok: number;
  acked: number;
  errors: number;
  errorKinds: Map<string, number>;
  latencies: number[];
  slices: number[];
  outcomes: Map<string, number>;
  cpu: { server: number; postgres: number; loadgen: number; machineBusy: number; steal: number; other: number };
  commits: number | null;
}

/** What the learners were told, per user: acknowledged requests and credited seconds. */
const acks = new Map<number, { count: number; credit: number }>();

let interrupted = false;

async function main() {
  const children: ChildProcess[] = [];
  const interrupt = (signal: string) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log(`\n${signal}: finishing the current requests, then cleaning up (Ctrl-C again to quit at once)`);
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));

  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  const dbName = `hf_bench_hb_${randomBytes(3).toString("hex")}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  let created = false;
  let database: Awaited<ReturnType<typeof import("../db/client.server").openDatabase>> | undefined;

  try {
    if (!existsSync("build/server/index.js")) {
      console.log("no production build: running `npx remix vite:build` once");
      await run("npx", ["remix", "vite:build"]);
    }
    const [{ version }] = await admin`select version()`;
    await admin.unsafe(`create database "${dbName}"`);
    created = true;

    // Setup: migrate, curriculum, learners, sessions.
    const { openDatabase, setDatabase } = await import("../db/client.server");
    const { counties, lessons, organizations, roleGrants, towns, users } = await import("../db/schema");
    const { importCourseContent } = await import("../app/modules/learning/import-content.server");
    const { createSession } = await import("../app/modules/auth/session.server");
    const { completeCreditCode } = await import("../app/modules/org-tree/credit-code");
    const { idNumberCheckCharacter } = await import("../app/modules/accounts/id-number");
    let t = performance.now();
    database = await openDatabase({ url, max: 4 });
    setDatabase(database);
    const db = database.db;
    const curriculum = await importCourseContent(db);
    const lessonRows = await db.select({ id: lessons.id, video: lessons.video }).from(lessons);
    const textLessons = lessonRows.filter((l) => !l.video).map((l) => l.id);
    if (textLessons.length === 0) throw new Error("the curriculum has no text lesson to study");
    const [county] = await db.insert(counties).values({ code: "379998", name: "心跳基准县" }).returning();
    const [town] = await db.insert(towns).values({ countyId: county.id, name: "心跳基准镇" }).returning();
    const [org] = await db
      .insert(organizations)
      .values({ townId: town.id, name: "心跳基准公司", type: "enterprise", creditCode: completeCreditCode("91379998MA0000001") })
      .returning();
    const userRows = await db
      .insert(users)
      .values(
        Array.from({ length: CLIENTS }, (_, i) => {
          const body = `3708291990${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}${String(i).padStart(3, "0")}`;
          return {
            name: `学员${i + 1}`,
            phone: `138${String(i).padStart(8, "0")}`,
            idNumber: body + idNumberCheckCharacter(body),
            passwordHash: "-",
            organizationId: org.id,
            partyStatus: "full" as const,
            partyPost: "other" as const,
          };
        }),
      )
      .returning({ id: users.id });
    await db.insert(roleGrants).values(userRows.map((u) => ({ userId: u.id, role: "candidate" as const, scopeKey: "self" })));
    const learners: Learner[] = [];
    for (const [i, u] of userRows.entries()) {
      const { token } = await createSession(u.id);
      learners.push({
        userId: u.id,
        cookie: `__Host-hf_session=${token}` /* production mode: Secure, prefixed cookie (decision 016) */,
        streamId: `bench-${randomBytes(8).toString("hex")}`,
        lessonId: textLessons[i % textLessons.length],
      });
    }
    const setupMs = performance.now() - t;

    console.log(`Heartbeat benchmark — ${new Date().toISOString()}`);
    console.log(`  PostgreSQL: ${String(version).split(" ").slice(0, 2).join(" ")}, throwaway database ${dbName}`);
    console.log(`  Node ${process.version}, ${readCpuCount()} cores, load average at start ${fmtLoad()}`);
    console.log(`  setup: migrate + ${curriculum.lessons} lessons + ${CLIENTS} learners with sessions in ${(setupMs / 1000).toFixed(1)} s`);
    console.log(
      `  load: ${CLIENTS} clients, one keep-alive connection each, ${SECONDS} s per round, ${ROUNDS} rounds per server process, ${PAUSE_SECONDS} s pauses`,
    );

    // The app and the baseline, each in its own process, loaded in turns: app round 1, baseline
    // round 1, app round 2, … (BENCH_INTERLEAVE=0: all app rounds, then all baseline rounds). On a
    // machine shared with other work, taking turns exposes both to the same conditions.
    const appNodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    const app = await startServer("app", children, [...appNodeArgs, "--import", "tsx", "server/index.ts"], {
      NODE_ENV: "production",
      SEED_DEMO: "false",
      DATABASE_URL: url,
    });
    t = performance.now();
    const started = await Promise.all(learners.map((l) => postBeat(app, l, "start")));
    const startFailures = started.filter((r) => !r.ok);
    console.log(
      `\nApp (server/index.ts, pid ${app.child.pid}): POST /api/study/beat — ${CLIENTS} starts in ${(performance.now() - t).toFixed(0)} ms` +
        (startFailures.length ? `, ${startFailures.length} FAILED (first: ${startFailures[0].detail})` : ""),
    );
    const baseline = await startServer("baseline", children, ["--import", "tsx", "bench/heartbeat.ts", "--baseline-server"], {
      DATABASE_URL: url,
    });
    console.log(`Baseline (bare node:http + one postgres.js upsert per POST, pid ${baseline.child.pid})`);
    console.log(INTERLEAVE ? "Rounds in turns (app, baseline, app, …):" : "All app rounds, then all baseline rounds:");
    const appRounds: PhaseResult[] = [];
    const baseRounds: PhaseResult[] = [];
    const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);
    const appTurns = rounds.map((r): [Target, PhaseResult[], string] => [app, appRounds, `app round ${r}`]);
    const baseTurns = rounds.map((r): [Target, PhaseResult[], string] => [baseline, baseRounds, `baseline round ${r}`]);
    const order = INTERLEAVE ? rounds.flatMap((_, i) => [appTurns[i], baseTurns[i]]) : [...appTurns, ...baseTurns];
    for (const [i, [target, results, label]] of order.entries()) {
      if (interrupted) break;
      if (i > 0) await sleep(PAUSE_SECONDS * 1000);
      const result = await runPhase(target, learners, label, url);
      results.push(result);
      printPhase(result);
    }
    console.log("");
    printOutcomes(appRounds);
    await printCorrectness(url, learners);
    const baseAcked = baseRounds.reduce((s, r) => s + r.acked, 0);
    const check = postgres(url, { max: 1, onnotice: () => {} });
    const [{ n: baseRows }] = await check<{ n: number }[]>`select coalesce(sum(n), 0)::int as n from bench_beats`.finally(() =>
      check.end({ timeout: 2 }),
    );
    console.log(`  baseline check: ${baseAcked} acknowledged upserts, sum(n) in bench_beats = ${baseRows}`);
    await stopServer(app);
    await stopServer(baseline);
    if (interrupted) return;

    printSummary(appRounds, baseRounds);
  } catch (error) {
    console.error("benchmark failed:", error);
    process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (database) await database.close().catch(() => {});
    if (created)
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch((e) => console.error(`could not drop ${dbName}:`, e));
    await admin.end({ timeout: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Load.

function beatBody(learner: Learner, kind: "start" | "beat"): string {
  return JSON.stringify({ kind, streamId: learner.streamId, lessonId: learner.lessonId, visible: true, idleSeconds: 0 });
}

function headersFor(target: Target, learner: Learner, body: string): http.OutgoingHttpHeaders {
  return {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    origin: `http://127.0.0.1:${target.port}`,
    cookie: learner.cookie,
    "x-bench-user": String(learner.userId),
  };
}

function request(
  target: Target,
  agent: http.Agent | undefined,
  headers: http.OutgoingHttpHeaders,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: target.port, method: "POST", path: "/api/study/beat", agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

/** Records an acknowledgement: a 2xx whose JSON names an outcome. Returns the outcome or null. */
function acknowledge(learner: Learner, status: number, text: string): string | null {
  if (status < 200 || status >= 300) return null;
  let parsed: { outcome?: string; creditSeconds?: number };
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed.outcome !== "string") return null;
  const entry = acks.get(learner.userId) ?? { count: 0, credit: 0 };
  entry.count++;
  entry.credit += Number(parsed.creditSeconds ?? 0);
  acks.set(learner.userId, entry);
  return parsed.outcome;
}

async function postBeat(target: Target, learner: Learner, kind: "start" | "beat"): Promise<{ ok: boolean; detail: string }> {
  const body = beatBody(learner, kind);
  try {
    const { status, text } = await request(target, undefined, headersFor(target, learner, body), body);
    const outcome = acknowledge(learner, status, text);
    return { ok: outcome !== null, detail: `${status} ${text.slice(0, 120)}` };
  } catch (error) {
    return { ok: false, detail: String(error) };
  }
}

async function runPhase(target: Target, learners: Learner[], label: string, dbUrl: string): Promise<PhaseResult> {
  const isApp = target.name === "app";
  const latencies: number[] = [];
  const slices: number[] = [];
  const outcomes = new Map<string, number>();
  const errorKinds = new Map<string, number>();
  let ok = 0;
  let acked = 0;
  let errors = 0;
  const countError = (kind: string) => {
    errors++;
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };

  const commitsBefore = await readCommits(dbUrl);
  const dbName = new URL(dbUrl).pathname.slice(1);
  const cpuBefore = readCpu(target.child.pid!, dbName);
  const selfBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  let last = start;

  const clientLoop = async (learner: Learner) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = beatBody(learner, "beat");
    const headers = headersFor(target, learner, body);
    try {
      while (!interrupted && performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const { status, text } = await request(target, agent, headers, body);
          const t1 = performance.now();
          last = Math.max(last, t1);
          const outcome = isApp ? acknowledge(learner, status, text) : status === 200 ? "stored" : null;
          if (outcome === null) {
            countError(`HTTP ${status}`);
            continue;
          }
          ok++;
          acked++;
          latencies.push(t1 - t0);
          const slice = Math.floor((t1 - start) / (SLICE_SECONDS * 1000));
          slices[slice] = (slices[slice] ?? 0) + 1;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        } catch (error) {
          countError((error as NodeJS.ErrnoException).code ?? (error as Error).message);
          await sleep(20);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(learners.map(clientLoop));
  const elapsedMs = last - start;
  const self = process.cpuUsage(selfBefore);
  const cpuAfter = readCpu(target.child.pid!, dbName);
  await sleep(1_200); // PostgreSQL publishes its statistics at most once a second
  const commitsAfter = await readCommits(dbUrl);
  const wall = cpuAfter.wallTicks - cpuBefore.wallTicks;
  return {
    label,
    elapsedMs,
    ok,
    acked,
    errors,
    errorKinds,
    latencies,
    slices: slices.map((n) => n ?? 0),
    outcomes,
    cpu: {
      server: ticksToMs(cpuAfter.server - cpuBefore.server),
      postgres: ticksToMs(cpuAfter.postgres - cpuBefore.postgres),
      loadgen: (self.user + self.system) / 1000,
      machineBusy: wall > 0 ? (cpuAfter.busyTicks - cpuBefore.busyTicks) / wall : 0,
      steal: wall > 0 ? (cpuAfter.stealTicks - cpuBefore.stealTicks) / wall : 0,
      // busy CPU not spent by the server, PostgreSQL or this process: other processes and the kernel's softirq work
      other:
        ticksToMs(
          cpuAfter.busyTicks - cpuBefore.busyTicks - (cpuAfter.server - cpuBefore.server) - (cpuAfter.postgres - cpuBefore.postgres),
        ) -
        (self.user + self.system) / 1000,
    },
    commits: commitsBefore !== null && commitsAfter !== null ? commitsAfter - commitsBefore - 1 : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reports.

const CORES = readCpuCount() || 2;

/**
 * The throughput this phase's own CPU cost would allow if the server, its PostgreSQL backends and
 * the load generator had every core to themselves: a figure that other work on the machine does
 * not move much (it ignores PostgreSQL's shared background processes and the kernel's network work).
 */
function ceiling(r: PhaseResult): number {
  const cpuMs = r.cpu.server + r.cpu.postgres + r.cpu.loadgen;
  return cpuMs > 0 ? (r.ok * CORES * 1000) / cpuMs : NaN;
}

function stats(r: PhaseResult) {
  return { rps: r.ok / (r.elapsedMs / 1000), ...quantiles(r.latencies) };
}

function printPhase(r: PhaseResult) {
  const s = stats(r);
  const perReq = (ms: number) => (r.ok ? ((ms * 1000) / r.ok).toFixed(0) : "-");
  const errorText = r.errors ? ` (${[...r.errorKinds].map(([k, n]) => `${k}×${n}`).join(", ")})` : "";
  const fullSlices = r.slices.slice(0, Math.floor(SECONDS / SLICE_SECONDS));
  console.log(
    `  ${r.label.padEnd(17)} ${fmt(s.rps, 0).padStart(6)} req/s  p50 ${fmt(s.p50, 1)} ms  p99 ${fmt(s.p99, 1)} ms  max ${fmt(s.max, 0)} ms  ` +
      `${r.ok} ok  ${r.errors} errors${errorText}`,
  );
  console.log(
    `  ${"".padEnd(17)} per ${SLICE_SECONDS} s: ${fullSlices.map((n) => fmt(n / SLICE_SECONDS, 0)).join(" ")} req/s;  ` +
      `CPU µs/req: server ${perReq(r.cpu.server)}, postgres ${perReq(r.cpu.postgres)}, load generator ${perReq(r.cpu.loadgen)}; ` +
      `everything else ${perReq(r.cpu.other)} → CPU-bound ceiling on ${CORES} idle cores ≈ ${fmt(ceiling(r), 0)} req/s; machine ${(r.cpu.machineBusy * 100).toFixed(0)} % busy (steal ${(r.cpu.steal * 100).toFixed(0)} %)` +
      (r.commits !== null && r.ok ? `; ${(r.commits / r.ok).toFixed(2)} commits/req` : "") +
      `; load ${fmtLoad()}`,
  );
}

function printOutcomes(rounds: PhaseResult[]) {
  const total = new Map<string, number>();
  for (const r of rounds) for (const [k, n] of r.outcomes) total.set(k, (total.get(k) ?? 0) + n);
  console.log(`  outcomes of the timed beats: ${[...total].map(([k, n]) => `${k} ${n}`).join(", ")}`);
}

async function printCorrectness(dbUrl: string, learners: Learner[]) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const ids = learners.map((l) => l.userId);
    const beatRows = await sql<
      { user_id: number; n: number }[]
    >`select user_id, count(*)::int as n from study_beats where user_id = any(${ids}) group by user_id`;
    const totalRows = await sql<
      { user_id: number; s: number }[]
    >`select user_id, sum(online_seconds)::int as s from study_year_totals where user_id = any(${ids}) group by user_id`;
    const [{ s: progressSeconds }] = await sql<
      { s: number }[]
    >`select coalesce(sum(credited_seconds), 0)::int as s from lesson_progress where user_id = any(${ids})`;
    const rows = new Map(beatRows.map((r) => [r.user_id, r.n]));
    const totals = new Map(totalRows.map((r) => [r.user_id, r.s]));
    let ackCount = 0;
    let ackCredit = 0;
    let rowCount = 0;
    let dbCredit = 0;
    let missingUsers = 0;
    let missingBeats = 0;
    let extraBeats = 0;
    let creditMismatches = 0;
    for (const id of ids) {
      const a = acks.get(id) ?? { count: 0, credit: 0 };
      const n = rows.get(id) ?? 0;
      const s = totals.get(id) ?? 0;
      ackCount += a.count;
      ackCredit += a.credit;
      rowCount += n;
      dbCredit += s;
      if (n < a.count) {
        missingUsers++;
        missingBeats += a.count - n;
      }
      if (n > a.count) extraBeats += n - a.count;
      if (s !== a.credit) creditMismatches++;
    }
    console.log(
      `  correctness: ${ackCount} acknowledged beats (starts included), ${rowCount} rows in study_beats → ` +
        (missingBeats === 0 ? "none missing" : `${missingBeats} MISSING for ${missingUsers} learners`) +
        (extraBeats ? `, ${extraBeats} rows without an acknowledgement (requests that failed or timed out)` : ""),
    );
    console.log(
      `  credited: ${ackCredit} s acknowledged (sum of creditSeconds), ${dbCredit} s in study_year_totals, ${progressSeconds} s in lesson_progress → ` +
        (creditMismatches === 0 && ackCredit === dbCredit ? "equal" : `${creditMismatches} learners DIFFER`),
    );
  } finally {
    await sql.end({ timeout: 2 });
  }
}

function printSummary(app: PhaseResult[], base: PhaseResult[]) {
  if (app.length === 0 || base.length === 0) return;
  const a = app.map(stats);
  const b = base.map(stats);
  console.log("\nSummary (target: app ≥ 60 % of the baseline's throughput, p99 ≤ 100 ms)");
  console.log(
    `  ${"round".padEnd(7)} ${"app req/s".padStart(10)} ${"p50".padStart(7)} ${"p99".padStart(7)}   ${"baseline req/s".padStart(14)} ${"p50".padStart(7)} ${"p99".padStart(7)}   app/baseline`,
  );
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    console.log(
      `  ${String(i + 1).padEnd(7)} ${x ? fmt(x.rps, 0).padStart(10) : "".padStart(10)} ${x ? fmt(x.p50, 1).padStart(7) : "".padStart(7)} ${x ? fmt(x.p99, 1).padStart(7) : "".padStart(7)}   ` +
        `${y ? fmt(y.rps, 0).padStart(14) : "".padStart(14)} ${y ? fmt(y.p50, 1).padStart(7) : "".padStart(7)} ${y ? fmt(y.p99, 1).padStart(7) : "".padStart(7)}   ` +
        (x && y ? `${((x.rps / y.rps) * 100).toFixed(1)} %` : ""),
    );
  }
  const all = (rs: PhaseResult[]) => {
    const merged: PhaseResult = {
      ...rs[0],
      ok: rs.reduce((s, r) => s + r.ok, 0),
      elapsedMs: rs.reduce((s, r) => s + r.elapsedMs, 0),
      latencies: rs.flatMap((r) => r.latencies),
    };
    return stats(merged);
  };
  const A = all(app);
  const B = all(base);
  const errors = (rs: PhaseResult[]) => rs.reduce((s, r) => s + r.errors, 0);
  console.log(
    `  ${"all".padEnd(7)} ${fmt(A.rps, 0).padStart(10)} ${fmt(A.p50, 1).padStart(7)} ${fmt(A.p99, 1).padStart(7)}   ${fmt(B.rps, 0).padStart(14)} ${fmt(B.p50, 1).padStart(7)} ${fmt(B.p99, 1).padStart(7)}   ${((A.rps / B.rps) * 100).toFixed(1)} %`,
  );
  console.log(`  errors: app ${errors(app)}, baseline ${errors(base)}`);
  console.log(
    `  app vs fresh baseline (round 1): ${((a[0].rps / b[0].rps) * 100).toFixed(1)} % (round 1), ${((a[a.length - 1].rps / b[0].rps) * 100).toFixed(1)} % (round ${a.length}); ` +
      `app p99 ${fmt(A.p99, 1)} ms over all rounds`,
  );
  const drift = (s: ReturnType<typeof stats>[]) =>
    s.length > 1 ? `${(((s[s.length - 1].rps - s[0].rps) / s[0].rps) * 100).toFixed(1)} %` : "n/a";
  const ceilings = (rs: PhaseResult[]) => {
    const ok = rs.reduce((s, r) => s + r.ok, 0);
    const ms = rs.reduce((s, r) => s + r.cpu.server + r.cpu.postgres + r.cpu.loadgen, 0);
    return (ok * CORES * 1000) / ms;
  };
  const ca = ceilings(app);
  const cb = ceilings(base);
  console.log(
    `  CPU-bound ceilings (own CPU per request, ${CORES} idle cores): app ≈ ${fmt(ca, 0)} req/s, baseline ≈ ${fmt(cb, 0)} req/s → ${((ca / cb) * 100).toFixed(1)} % ` +
      `(less sensitive to other work on the machine than the measured ratio)`,
  );
  console.log(
    `  throughput change from round 1 to round ${a.length} on one process (postgres.js #747 check): app ${drift(a)}, baseline ${drift(b)}`,
  );
  console.log(`  load average at the end: ${fmtLoad()}`);
}

// ---------------------------------------------------------------------------------------------
// Processes, /proc, small helpers.

// Entry point (last, so every constant above is initialised): the driver, or the baseline server it spawns.
if (process.argv.includes("--baseline-server")) {
  await runBaselineServer();
} else {
  await main();
}

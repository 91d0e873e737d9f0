/**
 * `npm run bench:exam-morning` — the start of a county's certification exam (issue 14); prints
 * figures, asserts nothing (bench/README.md).
 *
 * Setup: a throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL,
 * dropped at the end, also on error or Ctrl-C), the certification exam of bench:exams (a 100-question
 * paper from a 10,000-question bank: bench/support/exam-fixture.ts), one sitting for the spike and
 * BENCH_MORNING_SITTINGS (5) more, BENCH_STARTS + BENCH_MORNING eligible candidates with sessions, the
 * production build served by server/index.ts. Every candidate is a phone: its own keep-alive
 * connection (BENCH_CONNECTIONS=shared: one pool of sockets shared by everyone, the old generator).
 *
 *   w. waiting room: the BENCH_STARTS candidates open the sitting page within BENCH_WAIT_SECONDS (10)
 *      before it opens, as they do while waiting; p50 / p99 of the page.
 *   b. start spike: the same candidates press 开始 within BENCH_SPIKE_SECONDS (10), open loop (a
 *      candidate does not wait for another's answer): the sitting page's form post, answered with the
 *      redirect to the exam page. p50 / p99 / max, errors by kind (a reset on a reused keep-alive
 *      connection is told apart), what PostgreSQL's backends waited for, CPU per start (server,
 *      PostgreSQL), and whether the sitting's 已开始 counter equals its attempts.
 *   f. the first exam page: each of them loads the page the redirect names, within 10 s, through the
 *      app (server render: session, attempt, 100 questions) and through a bare node:http server
 *      answering the same HTML from memory (this file with --page-server), loaded the same way in the
 *      same run. p50 / p99 and CPU per page of both.
 *   g. exam morning: BENCH_MORNING (5,000) candidates start within BENCH_MORNING_SECONDS (60) across the
 *      BENCH_MORNING_SITTINGS sittings of the exam, each on a new connection. p50 / p99, errors, CPU per
 *      start, and each sitting's counter against its attempts.
 *
 * BENCH_PARTS (default "w,b,f,g") selects parts (b needs w's candidates' connections only if w ran;
 * f needs b). On 2 cores the load generator, the server and PostgreSQL share them: the machine's
 * load is printed beside every figure.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { serveBaseline } from "./support/baseline";
import { readCpu, readCpuCount, ticksToMs } from "./support/cpu";
import { createExamFixture, type Candidate } from "./support/exam-fixture";
import { errorKind, httpRequest } from "./support/http";
import { sampleWaits } from "./support/pg-waits";
import { run, sleep, startServer, stopServer, type Target } from "./support/processes";
import { fmt, fmtLoad, quantiles } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const STARTS = Number(process.env.BENCH_STARTS ?? 1000);
const WAIT_SECONDS = Number(process.env.BENCH_WAIT_SECONDS ?? 10);
const SPIKE_SECONDS = Number(process.env.BENCH_SPIKE_SECONDS ?? 10);
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 10);
const MORNING = Number(process.env.BENCH_MORNING ?? 5000);
const MORNING_SECONDS = Number(process.env.BENCH_MORNING_SECONDS ?? 60);
const MORNING_SITTINGS = Number(process.env.BENCH_MORNING_SITTINGS ?? 5);
const BANK_SIZE = Number(process.env.BENCH_BANK ?? 10_000);
const CONNECTIONS = process.env.BENCH_CONNECTIONS === "shared" ? "shared" : "phone";
const PARTS = new Set((process.env.BENCH_PARTS ?? "w,b,f,g").split(",").map((p) => p.trim()));
const PAUSE_MS = 2000;

/** The page baseline: bare node:http answering every GET with the HTML in BENCH_PAGE_FILE, from memory. */
async function runPageServer() {
  const html = readFileSync(process.env.BENCH_PAGE_FILE!, "utf8");
  await serveBaseline({
    handle: async (req) => (req.method === "GET" ? { status: 200, body: html, contentType: "text/html; charset=utf-8" } : { status: 404 }),
  });
}

interface Phase {
  ok: number;
  errors: number;
  errorKinds: Map<string, number>;
  latencies: number[];
  spanMs: number;
  cpu: { server: number; postgres: number; machineBusy: number };
  waits: string[];
  load: string;
}

/**
 * Open loop: request i leaves at i × seconds / n whatever the answers before it; `send` returns
 * whether the answer was the one wanted (else it counts as an error, by `kind`).
 */
async function openLoop(
  target: Target,
  dbUrl: string,
  n: number,
  seconds: number,
  send: (i: number) => Promise<{ ok: true } | { ok: false; kind: string }>,
): Promise<Phase> {
  const latencies: number[] = [];
  const errorKinds = new Map<string, number>();
  let ok = 0;
  let errors = 0;
  const dbName = new URL(dbUrl).pathname.slice(1);
  const cpuBefore = readCpu(target.child.pid!, dbName);
  const sampler = sampleWaits(dbUrl);
  const start = performance.now();
  let last = start;
  const fail = (kind: string) => {
    errors++;
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep((i * seconds * 1000) / n - (performance.now() - start));
      const t0 = performance.now();
      try {
        const answer = await send(i);
        const t1 = performance.now();
        last = Math.max(last, t1);
        if (answer.ok) {
          ok++;
          latencies.push(t1 - t0);
        } else fail(answer.kind);
      } catch (error) {
        fail(errorKind(error));
      }
    }),
  );
  const waits = await sampler.stop();
  const cpuAfter = readCpu(target.child.pid!, dbName);
  const wall = cpuAfter.wallTicks - cpuBefore.wallTicks;
  return {
    ok,
    errors,
    errorKinds,
    latencies,
    spanMs: last - start,
    cpu: {
      server: ticksToMs(cpuAfter.server - cpuBefore.server),
      postgres: ticksToMs(cpuAfter.postgres - cpuBefore.postgres),
      machineBusy: wall > 0 ? (cpuAfter.busyTicks - cpuBefore.busyTicks) / wall : 0,
    },
    waits,
    load: fmtLoad(),
  };
}

function report(label: string, r: Phase, options: { waits?: boolean; cpu?: boolean } = {}): string {
  const q = quantiles(r.latencies);
  const kinds = r.errorKinds.size ? ` (${[...r.errorKinds].map(([k, n]) => `${k} ×${n}`).join(", ")})` : "";
  console.log(
    `  ${label}: ${r.ok} ok, ${r.errors} errors${kinds}; p50 ${fmt(q.p50, 1)} ms, p99 ${fmt(q.p99, 1)} ms, max ${fmt(q.max, 0)} ms; ` +
      `last answer ${fmt(r.spanMs / 1000, 1)} s after the first request`,
  );
  if (options.cpu !== false)
    console.log(
      `    CPU ms per request: server ${fmt(r.cpu.server / Math.max(1, r.ok), 2)}, postgres ${fmt(r.cpu.postgres / Math.max(1, r.ok), 2)}; ` +
        `machine ${(r.cpu.machineBusy * 100).toFixed(0)} % busy; load ${r.load}`,
    );
  if (options.waits) console.log(`    PostgreSQL backends (mean per 50 ms sample, by state / wait event): ${r.waits.join(", ")}`);
  return `p50 ${fmt(q.p50, 1)} ms, p99 ${fmt(q.p99, 1)} ms, ${r.errors} errors (load ${r.load})`;
}

/** The agents of the load generator: one keep-alive connection per candidate (a phone), or one shared pool. */
function agents(n: number): http.Agent[] {
  if (CONNECTIONS === "shared") {
    const shared = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    return Array.from({ length: n }, () => shared);
  }
  return Array.from({ length: n }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
}

const startBody = new URLSearchParams({ intent: "start" }).toString();

/** The sitting page's start form, posted as a browser without JavaScript does; the answer is the redirect. */
async function postStart(port: number, agent: http.Agent, c: Candidate, sittingId: number) {
  const { status, headers } = await httpRequest(
    port,
    agent,
    "POST",
    `/exams/sittings/${sittingId}`,
    {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": Buffer.byteLength(startBody),
      origin: `http://127.0.0.1:${port}`,
      cookie: c.cookie,
    },
    startBody,
  );
  const location = String(headers.location ?? "");
  return status >= 300 && status < 400 && /^\/exams\/attempts\/\d+$/.test(location)
    ? { ok: true as const, location }
    : { ok: false as const, kind: `HTTP ${status}` };
}

async function get(port: number, agent: http.Agent | undefined, path: string, cookie?: string) {
  return httpRequest(port, agent, "GET", path, cookie ? { cookie } : {}, "");
}

let interrupted = false;

async function main() {
  const children: ChildProcess[] = [];
  const interrupt = (signal: string) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log(`\n${signal}: finishing the current step, then cleaning up (Ctrl-C again to quit at once)`);
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));

  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  const dbName = `hf_bench_em_${randomBytes(3).toString("hex")}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  let created = false;
  let database: Awaited<ReturnType<typeof import("../db/client.server").openDatabase>> | undefined;
  const tmp = mkdtempSync(join(tmpdir(), "hf-morning-"));
  const summary: string[] = [];
  try {
    if (!existsSync("build/server/index.js")) {
      console.log("no production build: running `npx remix vite:build` once");
      await run("npx", ["remix", "vite:build"]);
    }
    const [{ version }] = await admin`select version()`;
    await admin.unsafe(`create database "${dbName}"`);
    created = true;
    const { openDatabase, setDatabase } = await import("../db/client.server");
    database = await openDatabase({ url, max: 10 });
    setDatabase(database);
    const morningPeople = PARTS.has("g") ? MORNING : 0;
    const fixture = await createExamFixture({ bankSize: BANK_SIZE, people: STARTS + morningPeople, sittings: 1 + MORNING_SITTINGS });
    const spikeSitting = fixture.sittingIds[0];
    const morningSittings = fixture.sittingIds.slice(1);
    const spikers = fixture.candidates.slice(0, STARTS);
    const morning = fixture.candidates.slice(STARTS);
    console.log(`Exam morning benchmark — ${new Date().toISOString()}`);
    console.log(`  PostgreSQL: ${String(version).split(" ").slice(0, 2).join(" ")}, throwaway database ${dbName}`);
    console.log(`  Node ${process.version}, ${readCpuCount()} cores, load average at start ${fmtLoad()}`);
    console.log(
      `  setup: ${fixture.inserted.toLocaleString()} questions, exam of 100 questions, ${1 + MORNING_SITTINGS} sittings, ` +
        `${fixture.candidates.length} candidates with sessions, in ${(fixture.setupMs / 1000).toFixed(1)} s; connections: ${CONNECTIONS === "phone" ? "one keep-alive connection per candidate" : "one shared pool"}`,
    );
    const app = await startServer(
      "app",
      children,
      [...(process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", "server/index.ts"],
      { NODE_ENV: "production", DATABASE_URL: url, SEED_DEMO: "false" },
      { timeoutMs: 90_000, showErrors: true },
    );
    const raw = postgres(url, { max: 1, onnotice: () => {} });
    // the sitting's 已开始 counter (migration 0029; null on the code before it) beside its attempts
    const seatsCheck = (sittingIds: number[]) =>
      raw<{ id: number; seats: string | null; attempts: number }[]>`
        select s.id, to_jsonb(s) ->> 'seats_taken' as seats, (select count(*)::int from exam_attempts a where a.sitting_id = s.id) as attempts
        from exam_sittings s where s.id = any(${sittingIds}::int[]) order by s.id`;
    const phones = agents(STARTS);

    // ---- w. the waiting room
    if (PARTS.has("w") && !interrupted) {
      console.log(`\nw. Waiting room: ${STARTS} candidates open the sitting page within ${WAIT_SECONDS} s`);
      const r = await openLoop(app, url, STARTS, WAIT_SECONDS, async (i) => {
        const { status } = await get(app.port, phones[i], `/exams/sittings/${spikeSitting}`, spikers[i].cookie);
        return status === 200 ? { ok: true } : { ok: false, kind: `HTTP ${status}` };
      });
      summary.push(`waiting room page (${STARTS} in ${WAIT_SECONDS} s): ${report("sitting page", r)}`);
      await sleep(PAUSE_MS);
    }

    // ---- b. the start spike
    const locations: string[] = [];
    if (PARTS.has("b") && !interrupted) {
      console.log(`\nb. Start spike: ${STARTS} candidates press 开始 within ${SPIKE_SECONDS} s (the form post; open loop)`);
      const r = await openLoop(app, url, STARTS, SPIKE_SECONDS, async (i) => {
        const answer = await postStart(app.port, phones[i], spikers[i], spikeSitting);
        if (answer.ok) locations[i] = answer.location;
        return answer;
      });
      summary.push(`start spike (${STARTS} in ${SPIKE_SECONDS} s): ${report("start", r, { waits: true })}`);
      const [seats] = await seatsCheck([spikeSitting]);
      console.log(`    the sitting: ${seats.attempts} attempts, 已开始 counter ${seats.seats ?? "(none: before migration 0029)"}`);
      await sleep(PAUSE_MS);
    }

    // ---- f. the first exam page, app and baseline
    if (PARTS.has("f") && locations.length && !interrupted) {
      const paths = spikers.map((_, i) => locations[i]).filter(Boolean);
      console.log(
        `\nf. The exam page after the redirect: ${paths.length} candidates load it within ${PAGE_SECONDS} s, each on a new connection`,
      );
      const sample = await get(app.port, undefined, paths[0], spikers[0].cookie);
      const pageFile = join(tmp, "exam-page.html");
      writeFileSync(pageFile, sample.text);
      console.log(
        `    page: HTTP ${sample.status}, ${(Buffer.byteLength(sample.text) / 1024).toFixed(1)} KB of HTML (not compressed: the generator sends no Accept-Encoding)`,
      );
      const fresh = () => new http.Agent({ keepAlive: false });
      const appPage = await openLoop(app, url, paths.length, PAGE_SECONDS, async (i) => {
        const { status, text } = await get(app.port, fresh(), paths[i], spikers[i].cookie);
        return status === 200 && text.includes("</html>") ? { ok: true } : { ok: false, kind: `HTTP ${status}` };
      });
      const appLine = report("app", appPage);
      await sleep(PAUSE_MS);
      const baseline = await startServer("page baseline", children, ["--import", "tsx", "bench/exam-morning.ts", "--page-server"], {
        DATABASE_URL: url,
        BENCH_PAGE_FILE: pageFile,
      });
      const basePage = await openLoop(baseline, url, paths.length, PAGE_SECONDS, async (i) => {
        const { status } = await get(baseline.port, fresh(), paths[i]);
        return status === 200 ? { ok: true } : { ok: false, kind: `HTTP ${status}` };
      });
      const baseLine = report("bare node:http, same HTML from memory", basePage, { cpu: true });
      await stopServer(baseline);
      summary.push(`exam page (${paths.length} in ${PAGE_SECONDS} s): app ${appLine}; baseline ${baseLine}`);
      await sleep(PAUSE_MS);
    }
    for (const agent of new Set(phones)) agent.destroy();

    // ---- g. 5,000 in a minute across the sittings
    if (PARTS.has("g") && morning.length && !interrupted) {
      console.log(
        `\ng. Exam morning: ${morning.length} candidates start within ${MORNING_SECONDS} s across ${morningSittings.length} sittings, each on a new connection`,
      );
      const r = await openLoop(app, url, morning.length, MORNING_SECONDS, async (i) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          return await postStart(app.port, agent, morning[i], morningSittings[i % morningSittings.length]);
        } finally {
          agent.destroy();
        }
      });
      summary.push(
        `exam morning (${morning.length} in ${MORNING_SECONDS} s, ${morningSittings.length} sittings): ${report("start", r, { waits: true })}`,
      );
      for (const s of await seatsCheck(morningSittings))
        console.log(`    sitting ${s.id}: ${s.attempts} attempts, 已开始 counter ${s.seats ?? "(none: before migration 0029)"}`);
    }

    await raw.end({ timeout: 2 });
    await stopServer(app);
    console.log("\nSummary (goals: issue 14 — starts 0 errors, p50 ≤ 100 ms, p99 ≤ 500 ms; exam page p99 ≤ 300 ms)");
    for (const line of summary) console.log(`  ${line}`);
    console.log(`  load average at the end: ${fmtLoad()}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await database?.close();
    if (created) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end({ timeout: 2 });
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Entry point (last, so every constant above is initialised): the driver, or the page baseline it spawns.
if (process.argv.includes("--page-server")) {
  await runPageServer();
} else {
  await main();
}

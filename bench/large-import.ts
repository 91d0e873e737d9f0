/**
 * `npm run bench:large-import` — prints figures, asserts nothing (issue 8 item 3).
 *
 * For each file (a question workbook and an attendance list, 100,000 and 1,000,000 rows; generated
 * once into .data/bench/ and reused), a child process (this file with `--worker`) opens a throwaway
 * database, serves `GET /healthz` on its own event loop (as the app server does: it answers after
 * one `select 1`) and runs the import use case on the file's bytes, as the upload route would. The
 * parent polls /healthz every 25 ms during the import and samples the child's RSS from /proc; the
 * child's peak RSS is its VmHWM. The child runs with --max-old-space-size=2048 so that a runaway
 * import dies there instead of taking the shared machine with it.
 *
 * BENCH_ROWS=10000,100000,1000000 (the defaults) and BENCH_KINDS=questions,attendance choose what runs.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { mb as megabytes } from "./support/stats";

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = (process.env.BENCH_ROWS ?? "10000,100000,1000000").split(",").map(Number);
const KINDS = (process.env.BENCH_KINDS ?? "questions,attendance").split(",") as Kind[];
type Kind = "questions" | "attendance";
const DIR = ".data/bench";
const mb = (bytes: number) => megabytes(bytes, 0);

function fileFor(kind: Kind, rows: number) {
  return `${DIR}/${kind}-${rows}.xlsx`;
}

/** A question workbook of `rows` true/false questions, or an attendance list of `rows` mobile numbers. */
async function generate(kind: Kind, rows: number): Promise<string> {
  const path = fileFor(kind, rows);
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(temp);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(kind === "questions" ? "题目" : "名单");
  if (kind === "questions") {
    sheet.addRow(["题型", "题干", "答案", "难度", "知识点", "领域"]).commit();
    for (let i = 1; i <= rows; i++)
      sheet.addRow(["判断题", `第 ${i} 题：党支部应当定期召开组织生活会。`, "对", 3, "组织生活", "党务工作基础知识"]).commit();
  } else {
    sheet.addRow(["手机号"]).commit();
    for (let i = 1; i <= rows; i++) sheet.addRow([`139${String(i).padStart(8, "0")}`]).commit();
  }
  sheet.commit();
  await workbook.commit();
  renameSync(temp, path);
  return path;
}

type WorkerReport = { outcome: string; importMs: number; peakRss: number; rssBefore: number };

async function worker() {
  const { openDatabase, setDatabase, getDatabase } = await import("../db/client.server");
  const { counties, organizations, roleGrants, towns, users } = await import("../db/schema");
  const { loadActor } = await import("../app/modules/auth/session.server");
  const { completeCreditCode } = await import("../app/modules/org-tree/credit-code");
  const { importQuestionFile } = await import("../app/modules/question-bank/import-file.server");
  const { createBank } = await import("../app/modules/question-bank/questions.server");
  const { createOfflineClass, previewAttendanceFile } = await import("../app/modules/hours/offline-classes.server");
  const [kind, path] = process.argv.slice(3) as [Kind, string];

  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `hf_bench_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  setDatabase(database);
  const http = createServer((req, res) => {
    getDatabase()
      .db.execute(sql`select 1`)
      .then(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'))
      .catch(() => res.writeHead(503).end());
  });
  try {
    const db = database.db;
    const [county] = await db.insert(counties).values({ code: "379999", name: "基准县" }).returning();
    const [town] = await db.insert(towns).values({ countyId: county.id, name: "基准镇" }).returning();
    const [org] = await db
      .insert(organizations)
      .values({ townId: town.id, name: "基准公司", type: "enterprise", creditCode: completeCreditCode("91379999MA0000001") })
      .returning();
    const [user] = await db
      .insert(users)
      .values({
        name: "基准管理员",
        phone: "13999999999",
        idNumber: "11010519491231002X",
        passwordHash: "-",
        organizationId: org.id,
        partyStatus: "full",
        partyPost: "other",
      })
      .returning();
    await db.insert(roleGrants).values({ userId: user.id, role: "county_admin", countyId: county.id, scopeKey: `county:${county.id}` });
    const actor = (await loadActor(user.id))!;
    const meta = { ip: "bench" };
    const bankId = await createBank(actor, { title: "基准题库", countyId: county.id }, meta);
    const classId = await createOfflineClass(
      actor,
      { title: "基准培训", heldOn: "2026-06-01", location: "会议室", creditTenths: 20, organizer: "县委组织部" },
      meta,
    );
    const bytes = new Uint8Array(readFileSync(path));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    process.send!({ port: (http.address() as AddressInfo).port });
    await new Promise((resolve) => process.once("message", resolve));
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    let outcome: string;
    if (kind === "questions") {
      const result = await importQuestionFile(actor, { bankId, format: "xlsx", bytes, goodRowsOnly: false, status: "draft" }, meta);
      outcome = result.committed
        ? `imported ${result.imported}`
        : `refused: ${result.problems
            .slice(0, 2)
            .map((p) => p.code)
            .join(", ")}; ${result.problems.length} problems listed`;
    } else {
      const result = await previewAttendanceFile(actor, classId, bytes);
      const r = result as { ok: boolean; reason?: string; max?: number; matches?: unknown[]; problems?: unknown[] };
      outcome = !r.ok
        ? `refused: ${r.reason ?? "unreadable"}${r.max ? ` (limit ${r.max})` : ""}`
        : `${r.matches!.length} matches, ${r.problems!.length} problems listed`;
    }
    const importMs = performance.now() - started;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    const report: WorkerReport = { outcome, importMs, peakRss: hwm ? Number(hwm[1]) * 1024 : process.memoryUsage().rss, rssBefore };
    process.send!({ report });
  } finally {
    http.close();
    await database.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function run(kind: Kind, rows: number) {
  const path = await generate(kind, rows);
  const child = fork(fileURLToPath(import.meta.url), ["--worker", kind, path], {
    execArgv: ["--import", "tsx", "--max-old-space-size=2048"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += String(c)));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")));
  const port = await new Promise<number | null>((resolve) => {
    child.on("message", (m: { port?: number }) => m.port && resolve(m.port));
    void exited.then(() => resolve(null));
  });
  if (port === null) return console.log(`  ${kind} ${rows.toLocaleString()} rows: worker failed before the import\n${stderr.slice(-2000)}`);
  const latencies: number[] = [];
  let sampledPeak = 0;
  let done = false;
  const reportPromise = new Promise<WorkerReport | null>((resolve) => {
    child.on("message", (m: { report?: WorkerReport }) => m.report && resolve(m.report));
    void exited.then(() => resolve(null));
  });
  void reportPromise.then(() => (done = true));
  const poller = (async () => {
    while (!done) {
      sampledPeak = Math.max(sampledPeak, rssOf(child.pid!));
      const t = performance.now();
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(60_000) });
        latencies.push(performance.now() - t);
      } catch {
        if (!done) latencies.push(performance.now() - t);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  child.send("go");
  const report = await reportPromise;
  done = true;
  await poller;
  const code = await exited;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0) : "—";
  const health = `/healthz ${latencies.length} polls: median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${latencies.length ? latencies.at(-1)!.toFixed(0) : "—"} ms`;
  if (!report) {
    const error = /^\w*(Error|error)\b.*$/m.exec(stderr)?.[0]?.slice(0, 120);
    const reason = /heap out of memory|Allocation failed/i.test(stderr) ? "out of memory" : `exit ${code}${error ? `: ${error}` : ""}`;
    return console.log(
      `  ${kind} ${rows.toLocaleString()} rows: the worker DIED (${reason}); sampled peak RSS ${mb(sampledPeak)}; ${health}`,
    );
  }
  console.log(
    `  ${kind} ${rows.toLocaleString()} rows: ${report.outcome} in ${(report.importMs / 1000).toFixed(2)} s; RSS before ${mb(report.rssBefore)}, peak ${mb(report.peakRss)}; ${health}`,
  );
}

if (process.argv[2] === "--worker") {
  await worker();
  process.exit(0);
} else {
  console.log("Large imports (issue 8 item 3): import use case in a child process, /healthz on the same event loop");
  for (const kind of KINDS) for (const rows of ROWS) await run(kind, rows);
}

/**
 * `npm run bench:cluster` — several app instances behind nginx on one PostgreSQL database (issue 15);
 * prints figures, asserts nothing (see bench/README.md).
 *
 * One cluster (tests/cluster/harness.ts): a throwaway database, BENCH_INSTANCES (3) app servers
 * started together (production build), Debian's nginx in front (round-robin, keep-alive to the
 * upstreams, no retry of a request already sent). An exam fixture is written in-process: a
 * BENCH_BANK-question bank (2,000), the 100-question blueprint, one sitting per configuration and
 * BENCH_STARTS (1,000) candidates with sessions per configuration.
 *
 * For 1, 2, … BENCH_INSTANCES instances (nginx's upstream rewritten and reloaded), then for the
 * baseline (bare node:http + ONE postgres.js upsert per POST, bench/support/baseline.ts, behind the
 * same nginx):
 *   s. start spike: BENCH_STARTS candidates post the sitting page's start form within
 *      BENCH_SPIKE_SECONDS (10), open loop (arrivals do not wait for answers), one keep-alive
 *      connection per phone; the baseline gets the same arrivals as one upsert each.
 *   a. autosave: BENCH_CLIENTS_LIST ("200,1000") candidates, each one keep-alive connection looping
 *      POST /api/exam/save (one save) → await → repeat for BENCH_SECONDS (10).
 * Per phase: requests answered, errors by kind, p50 / p99, requests per second, and CPU per request
 * of the app instances together, of nginx and of PostgreSQL (from /proc), with the machine's load.
 * Afterwards every save acknowledged `stored: true` is checked against exam_answer_steps, and each
 * sitting's seat counter against its attempts.
 *
 * On 2 cores more instances cannot be faster: the load generator, nginx, every instance and
 * PostgreSQL share them. What it shows is that nothing breaks or is lost and how the CPU per request
 * moves as the work is spread over processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { startCluster, type Cluster } from "../tests/cluster/harness";
import { serveSaveBaseline, checkBaselineSaves } from "./support/baseline";
import { readCommits, readCpu, ticksToMs } from "./support/cpu";
import { createCandidates, nextSave, createExamFixture, type Candidate, type SlotInfo as Slot } from "./support/exam-fixture";
import { errorKind, httpRequest } from "./support/http";
import { freePort, sleep } from "./support/processes";
import { fmt, fmtLoad, quantiles } from "./support/stats";

// the candidates here save as fast as the server answers: the per-attempt rate cap would measure refusals
process.env.EXAM_SAVE_BURST ??= "1000000000";
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const BANK_SIZE = Number(process.env.BENCH_BANK ?? 2_000);
const STARTS = Number(process.env.BENCH_STARTS ?? 1_000);
const SPIKE_SECONDS = Number(process.env.BENCH_SPIKE_SECONDS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS_LIST = (process.env.BENCH_CLIENTS_LIST ?? "200,1000").split(",").map(Number);
const PAUSE_MS = 2_000;
/** which instance counts to measure (default 1…BENCH_INSTANCES) */
const CONFIGS = process.env.BENCH_CONFIGS?.split(",").map(Number);

interface Writer {
  attemptId: number;
  cookie: string;
  slots: Slot[];
  cursor: number;
  seqs: Map<number, number>;
}
interface Processes {
  /** the app instances' pids, or the baseline's */
  app: number[];
  nginx: number[];
}
interface Phase {
  label: string;
  ok: number;
  errors: Map<string, number>;
  latencies: number[];
  elapsedMs: number;
  cpu: { app: number; nginx: number; postgres: number; busy: number };
  /** transactions the database committed meanwhile (pg_stat_database), or null */
  commits: number | null;
}

/** The nginx master and its workers (the harness starts the master in a process group of its own). */
function nginxPids(cluster: Cluster): number[] {
  const master = Number(readFileSync(`${cluster.dir}/nginx.pid`, "utf8").trim());
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${master}/task/${master}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no /proc
  }
  return [master, ...children];
}

function cpuOf(processes: Processes, dbName: string) {
  const app = processes.app.map((pid) => readCpu(pid, dbName));
  const nginx = processes.nginx.map((pid) => readCpu(pid, dbName).server);
  return {
    app: app.reduce((s, c) => s + c.server, 0),
    nginx: nginx.reduce((s, x) => s + x, 0),
    postgres: app[0]?.postgres ?? 0,
    busy: app[0]?.busyTicks ?? 0,
    wall: app[0]?.wallTicks ?? 0,
  };
}

async function measured(label: string, processes: Processes, dbUrl: string, run: (phase: Phase) => Promise<void>): Promise<Phase> {
  const dbName = new URL(dbUrl).pathname.slice(1);
  const phase: Phase = {
    label,
    ok: 0,
    errors: new Map(),
    latencies: [],
    elapsedMs: 0,
    cpu: { app: 0, nginx: 0, postgres: 0, busy: 0 },
    commits: null,
  };
  const commitsBefore = await readCommits(dbUrl);
  const before = cpuOf(processes, dbName);
  const t0 = performance.now();
  await run(phase);
  phase.elapsedMs = performance.now() - t0;
  const after = cpuOf(processes, dbName);
  phase.cpu = {
    app: ticksToMs(after.app - before.app),
    nginx: ticksToMs(after.nginx - before.nginx),
    postgres: ticksToMs(after.postgres - before.postgres),
    busy: after.wall > before.wall ? (after.busy - before.busy) / (after.wall - before.wall) : 0,
  };
  await sleep(1_200); // PostgreSQL publishes its statistics at most once a second
  const commitsAfter = await readCommits(dbUrl);
  // less the reading's own transaction
  phase.commits = commitsBefore !== null && commitsAfter !== null ? commitsAfter - commitsBefore - 1 : null;
  return phase;
}

const countError = (phase: Phase, kind: string) => phase.errors.set(kind, (phase.errors.get(kind) ?? 0) + 1);

/** s. The start spike: arrivals spread evenly over SPIKE_SECONDS, one keep-alive connection per phone. */
async function spike(
  port: number,
  people: Candidate[],
  path: string,
  body: string,
  ok: (status: number, headers: http.IncomingHttpHeaders) => boolean,
  phase: Phase,
) {
  const started = performance.now();
  const contentType = path === "/api/exam/save" ? "application/json" : "application/x-www-form-urlencoded";
  await Promise.all(
    people.map(async (c, i) => {
      await sleep((i * SPIKE_SECONDS * 1000) / people.length - (performance.now() - started));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const t0 = performance.now();
      try {
        const answer = await httpRequest(
          port,
          agent,
          "POST",
          path,
          { "content-type": contentType, "content-length": Buffer.byteLength(body), origin: `http://127.0.0.1:${port}`, cookie: c.cookie },
          body,
        );
        if (ok(answer.status, answer.headers)) {
          phase.ok++;
          phase.latencies.push(performance.now() - t0);
        } else countError(phase, `HTTP ${answer.status}`);
      } catch (error) {
        countError(phase, errorKind(error));
      } finally {
        agent.destroy();
      }
    }),
  );
}

/** acknowledged saves (stored: true) per "attempt:slot": how many, and the highest seq */
type Acks = Map<string, { count: number; maxSeq: number }>;

/** a. Autosave: each writer one keep-alive connection, one save per request, for SECONDS. */
async function autosave(port: number, writers: Writer[], acks: Acks, phase: Phase) {
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    writers.map(async (w) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        while (performance.now() < deadline) {
          const { slot, seq, body } = nextSave(w);
          const t0 = performance.now();
          try {
            const answer = await httpRequest(
              port,
              agent,
              "POST",
              "/api/exam/save",
              {
                "content-type": "application/json",
                "content-length": Buffer.byteLength(body),
                origin: `http://127.0.0.1:${port}`,
                cookie: w.cookie,
              },
              body,
            );
            if (answer.status !== 200) {
              countError(phase, `HTTP ${answer.status}`);
              await sleep(20);
              continue;
            }
            const result = (JSON.parse(answer.text) as { results?: { slotNo: number; seq: number; stored: boolean }[] }).results?.find(
              (r) => r.slotNo === slot.slotNo && r.seq === seq,
            );
            if (!result) {
              countError(phase, "no result");
              continue;
            }
            phase.ok++;
            phase.latencies.push(performance.now() - t0);
            if (result.stored) {
              const key = `${w.attemptId}:${slot.slotNo}`;
              const entry = acks.get(key) ?? { count: 0, maxSeq: 0 };
              acks.set(key, { count: entry.count + 1, maxSeq: Math.max(entry.maxSeq, seq) });
            }
          } catch (error) {
            countError(phase, errorKind(error));
            await sleep(20);
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
}

function row(p: Phase): string {
  const q = quantiles(p.latencies);
  const errors = [...p.errors].map(([k, n]) => `${n} ${k}`).join(", ") || "0";
  const per = (x: number) => (p.ok ? fmt(x / p.ok, 2) : "-");
  return `| ${p.label} | ${p.ok.toLocaleString()} | ${errors} | ${fmt(q.p50, 1)} | ${fmt(q.p99, 1)} | ${fmt((p.ok * 1000) / p.elapsedMs, 0)} | ${per(p.cpu.app)} | ${per(p.cpu.nginx)} | ${per(p.cpu.postgres)} | ${p.commits === null || !p.ok ? "-" : fmt(p.commits / p.ok, 2)} | ${fmt(p.cpu.busy * 100, 0)} % |`;
}

async function main() {
  console.log(
    `bench:cluster — ${INSTANCES} instances max, bank ${BANK_SIZE}, ${STARTS} starts in ${SPIKE_SECONDS} s, autosave ${CLIENTS_LIST.join(" / ")} clients × ${SECONDS} s`,
  );
  console.log(`load average before: ${fmtLoad()}`);
  const cluster = await startCluster({
    instances: INSTANCES,
    adminUrl: ADMIN_URL,
    label: "bench",
    accessLog: false,
    env: { EXAM_SAVE_BURST: process.env.EXAM_SAVE_BURST! },
  });
  let baseline: ChildProcess | undefined;
  const sql = postgres(cluster.databaseUrl, { max: 2, onnotice: () => {} });
  const phases: Phase[] = [];
  const checks: string[] = [];
  try {
    const { openDatabase, setDatabase } = await import("../db/client.server");
    const database = await openDatabase({ url: cluster.databaseUrl, max: 4 });
    setDatabase(database);
    const configurations = CONFIGS ?? Array.from({ length: INSTANCES }, (_, i) => i + 1);
    const fixture = await createExamFixture({ bankSize: BANK_SIZE, people: 0, sittings: configurations.length, capacity: STARTS });
    const [{ organization_id: orgId }] = await sql<{ organization_id: number }[]>`
      select o.id as organization_id from organizations o join towns t on t.id = o.town_id join counties c on c.id = t.county_id where c.code = '379997'`;
    console.log(`fixture: ${fixture.inserted} questions (${fmt(fixture.bankMs / 1000, 1)} s)`);

    const appAcks: Acks = new Map();
    for (const n of configurations) {
      const ports = cluster.instances.slice(0, n).map((i) => i.port);
      await cluster.route(ports);
      const processes: Processes = { app: cluster.instances.slice(0, n).map((i) => i.pid), nginx: nginxPids(cluster) };
      const people = await createCandidates(orgId, STARTS, 7 - (n % 3), `集群${n}考生`);
      const sittingId = fixture.sittingIds[configurations.indexOf(n)];
      const label = `${n} instance${n > 1 ? "s" : ""}`;
      phases.push(
        await measured(`${label}: start spike`, processes, cluster.databaseUrl, (p) =>
          spike(
            cluster.proxyPort,
            people,
            `/exams/sittings/${sittingId}`,
            new URLSearchParams({ intent: "start" }).toString(),
            (status, headers) => status >= 300 && status < 400 && /\/exams\/attempts\/\d+/.test(String(headers.location ?? "")),
            p,
          ),
        ),
      );
      console.log(row(phases.at(-1)!));
      await sleep(PAUSE_MS);
      const writers = await writersOf(sql, sittingId, people);
      for (const clients of CLIENTS_LIST) {
        const these = writers.slice(0, clients);
        phases.push(
          await measured(`${label}: autosave, ${these.length} clients`, processes, cluster.databaseUrl, (p) =>
            autosave(cluster.proxyPort, these, appAcks, p),
          ),
        );
        console.log(row(phases.at(-1)!));
        await sleep(PAUSE_MS);
      }
    }
    checks.push(await checkAppSaves(sql, appAcks));
    const seats = await sql<{ id: number; seats_taken: number; attempts: number }[]>`
      select s.id, s.seats_taken, (select count(*)::int from exam_attempts a where a.sitting_id = s.id) as attempts
        from exam_sittings s where s.id = any(${fixture.sittingIds})`;
    checks.push(
      `seat counters: ${seats.map((s) => `${s.seats_taken}/${s.attempts}`).join(", ")} (已开始 / attempts per sitting) → ${seats.every((s) => s.seats_taken === s.attempts) ? "equal" : "DIFFERENT"}`,
    );

    // the baseline behind the same nginx
    const port = await freePort();
    baseline = spawn(process.execPath, ["--import", "tsx", "bench/cluster.ts", "--baseline-server"], {
      env: { ...process.env, DATABASE_URL: cluster.databaseUrl, PORT: String(port) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok) break;
      await sleep(100);
    }
    await cluster.route([port]);
    const processes: Processes = { app: [baseline.pid!], nginx: nginxPids(cluster) };
    const basePeople = await createCandidates(orgId, Math.max(STARTS, ...CLIENTS_LIST), 4, "基线考生");
    const baseAcks: Acks = new Map();
    const baseWriters: Writer[] = basePeople.map((c, i) => ({
      attemptId: 1_000_000 + i,
      cookie: c.cookie,
      slots: [
        { slotNo: 1, type: "single", optionCount: 4, blankCount: 0 },
        { slotNo: 2, type: "truefalse", optionCount: 0, blankCount: 0 },
      ],
      cursor: 0,
      seqs: new Map(),
    }));
    const spikeBody = (i: number) =>
      JSON.stringify({ attemptId: 2_000_000 + i, saves: [{ slotNo: 1, seq: 1, answer: { type: "single", choice: 0 }, flagged: false }] });
    phases.push(
      await measured("baseline: spike of upserts", processes, cluster.databaseUrl, (p) =>
        spike(cluster.proxyPort, basePeople.slice(0, STARTS), "/api/exam/save", spikeBody(0), (status) => status === 200, p),
      ),
    );
    console.log(row(phases.at(-1)!));
    await sleep(PAUSE_MS);
    for (const clients of CLIENTS_LIST) {
      const these = baseWriters.slice(0, clients);
      phases.push(
        await measured(`baseline: autosave, ${these.length} clients`, processes, cluster.databaseUrl, (p) =>
          autosave(cluster.proxyPort, these, baseAcks, p),
        ),
      );
      console.log(row(phases.at(-1)!));
      await sleep(PAUSE_MS);
    }
    checks.push(`baseline: ${await checkBaselineSaves(cluster.databaseUrl, baseAcks)}`);
    await database.close();
  } finally {
    baseline?.kill("SIGTERM");
    await sql.end({ timeout: 2 });
    await cluster.stop();
  }
  console.log(
    `\n| phase | answered | errors | p50 ms | p99 ms | req/s | app CPU ms/req | nginx CPU ms/req | PostgreSQL CPU ms/req | machine busy |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const p of phases) console.log(row(p));
  console.log("");
  for (const c of checks) console.log(c);
  console.log(`load average after: ${fmtLoad()}`);
}

/** The attempts the spike started, with their slots (type, options, blanks), as writers. */
async function writersOf(sql: postgres.Sql, sittingId: number, people: Candidate[]): Promise<Writer[]> {
  const rows = await sql<{ attempt_id: number; user_id: number; slots: Slot[] }[]>`
    select a.id as attempt_id, a.user_id,
           json_agg(json_build_object('slotNo', s.slot_no, 'type', s.type,
             'optionCount', coalesce(jsonb_array_length(v.body->'options'), 0),
             'blankCount', coalesce(jsonb_array_length(v.body->'blanks'), 0)) order by s.slot_no) as slots
      from exam_attempts a join exam_attempt_slots s on s.attempt_id = a.id join question_versions v on v.id = s.question_version_id
     where a.sitting_id = ${sittingId} group by a.id`;
  const cookies = new Map(people.map((c) => [c.userId, c.cookie]));
  return rows.map((r) => ({ attemptId: r.attempt_id, cookie: cookies.get(r.user_id)!, slots: r.slots, cursor: 0, seqs: new Map() }));
}

/** Every save acknowledged stored: true is a row of exam_answer_steps with at least its seq. */
async function checkAppSaves(sql: postgres.Sql, acks: Acks): Promise<string> {
  const ids = [...new Set([...acks.keys()].map((k) => Number(k.split(":")[0])))];
  const rows = await sql<{ attempt_id: number; slot_no: number; max_seq: number }[]>`
    select attempt_id, slot_no, max(seq)::int as max_seq from exam_answer_steps where attempt_id = any(${ids}) group by attempt_id, slot_no`;
  const stored = new Map(rows.map((r) => [`${r.attempt_id}:${r.slot_no}`, r.max_seq]));
  let behind = 0;
  let acked = 0;
  for (const [key, a] of acks) {
    acked += a.count;
    if ((stored.get(key) ?? 0) < a.maxSeq) behind++;
  }
  return `app: ${acked.toLocaleString()} saves acknowledged stored:true on ${acks.size.toLocaleString()} (attempt, slot) pairs → ${behind === 0 ? "every pair holds its latest acknowledged seq" : `${behind} pairs BEHIND`}`;
}

// last: everything above (constants included) is initialised before it runs
if (process.argv.includes("--baseline-server")) {
  await serveSaveBaseline();
} else {
  await main();
}

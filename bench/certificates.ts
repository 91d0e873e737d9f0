/**
 * `npm run bench:certificates` — issue 10: the certificate PDF and the public verification page.
 * Prints figures, asserts nothing (see bench/README.md).
 *
 * 1. PDF, in this process: the first certificate (the two Noto Sans SC weights parsed once), then
 *    BENCH_PDF_RUNS (200) single-certificate PDFs (median, p99, size), then ONE PDF of
 *    BENCH_BATCH (1,000) pages (seconds, size, peak RSS of this process).
 * 2. /verify/<number>: a throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or
 *    TEST_PG_ADMIN_URL), the real server (server/index.ts, NODE_ENV=production, demo data: its
 *    certificate numbers) on a free port, and BENCH_CLIENTS (100) clients, each with its own
 *    keep-alive connection, looping GET /verify/<number> for BENCH_SECONDS (10) over the demo
 *    numbers. Baseline in the same run, loaded the same way: a bare node:http server (this file
 *    with --baseline-server, its own process) doing ONE indexed SELECT of the certificate by
 *    number with postgres.js (pool of 10, like the app) and answering a small HTML page. App and
 *    baseline take turns for BENCH_ROUNDS (2) rounds. The app's per-address limit is lifted
 *    (VERIFY_RATE_PER_MINUTE) so that the 100 clients on 127.0.0.1 measure the page, not the 429.
 * 3. Open Badges 3.0, in this process (decision 018): Ed25519 key generation; BENCH_OB3_RUNS (200)
 *    credentials signed (eddsa-rdfc-2022: RDF canonicalization + Ed25519) and verified (the proof,
 *    then both status lists — revocation and suspension — and their proofs, as /verify does with the
 *    signed lists cached); a revocation (decode the county's 131,072-entry list, flip, encode) and
 *    re-signing the list; sizes. `--ob3-only` runs just this part.
 */
import http from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { freePort, plainEnv, startServer } from "../tests/support/server";
import { serveBaseline } from "./support/baseline";
import { waitForHealthz } from "./support/processes";
import { fmtLoad, mb, ms, percentile } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 200);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

async function benchPdf() {
  const { renderCertificatesPdf } = await import("../app/modules/certificates/pdf.server");
  const names = ["张明远", "欧阳修远", "阿依古丽·买买提", "李秀梅", "赵文博", "颜丽娟", "孔令华", "孟凡强"];
  const cert = (i: number) => ({
    number: `HF370829-2026-${1 + (i % 3)}-${String(1 + i).padStart(4, "0")}-5`,
    level: (["junior", "intermediate", "senior"] as const)[i % 3],
    status: "valid" as const,
    holderName: names[i % names.length],
    organizationName: "嘉祥县鲁锦纺织有限公司",
    countyName: "嘉祥县",
    issuedAt: new Date(Date.UTC(2026, 4, 3, 2) + i * 60_000),
  });
  const origin = "https://hongfan.example.cn";
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  await renderCertificatesPdf([cert(0)], origin);
  const first = performance.now() - t;
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < PDF_RUNS; i++) {
    t = performance.now();
    size = (await renderCertificatesPdf([cert(i)], origin)).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const rssSingles = process.memoryUsage().rss;
  t = performance.now();
  const batch = await renderCertificatesPdf(
    Array.from({ length: BATCH }, (_, i) => cert(i)),
    origin,
  );
  const batchSeconds = (performance.now() - t) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`Certificate PDF — ${new Date().toISOString()}, Node ${process.version}, in-process; load average ${fmtLoad(1)}`);
  console.log(`  first PDF (fonts parsed once): ${ms(first)}; RSS before ${mb(rssBefore)}, after ${PDF_RUNS} singles ${mb(rssSingles)}`);
  console.log(
    `  one certificate × ${PDF_RUNS}: median ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}, max ${ms(times.at(-1)!)}; ${(size / 1024).toFixed(1)} KB each`,
  );
  console.log(
    `  batch of ${BATCH} into one PDF: ${batchSeconds.toFixed(2)} s (${((batchSeconds * 1000) / BATCH).toFixed(2)} ms a page), ${mb(batch.length)}; peak RSS of the process ${mb(peak)}`,
  );
}

const OB3_RUNS = Number(process.env.BENCH_OB3_RUNS ?? 200);

async function benchOb3() {
  const { documentLoader } = await import("../app/modules/credentials/contexts.server");
  const { achievementCredential, didDocument, issuerDid, statusListUrl, verificationMethodDocument } =
    await import("../app/modules/credentials/ob3");
  const { checkCredential, generateKeyPair, signCredential, statusListCredential } = await import("../app/modules/credentials/vc.server");
  const { createList, decodeList } = await import("@digitalbazaar/vc-bitstring-status-list");
  const origin = "https://hongfan.example.cn";
  const did = issuerDid(origin);
  let t = performance.now();
  const pair = await generateKeyPair();
  const keygen = performance.now() - t;
  const row = { id: 1, publicKeyMultibase: pair.publicKeyMultibase, createdAt: new Date(), retiredAt: null };
  const key = { id: `${did}#key-1`, controller: did, ...pair };
  const lists = new Map<string, object>();
  const loader = documentLoader(async (url) =>
    url === did ? didDocument(did, [row]) : url === key.id ? verificationMethodDocument(did, row) : (lists.get(url) ?? null),
  );
  const encoded = new Map<string, string>();
  for (const purpose of ["revocation", "suspension"] as const) {
    const id = statusListUrl(origin, "370829", purpose);
    encoded.set(purpose, await (await createList({ length: 131_072 })).encode());
    lists.set(
      id,
      await signCredential(
        await statusListCredential({ id, issuer: did, purpose, encodedList: encoded.get(purpose)!, validFrom: new Date() }),
        key,
        loader,
      ),
    );
  }
  const facts = (i: number) => ({
    credentialId: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    number: `HF370829-2026-1-${String(1 + (i % 9999)).padStart(4, "0")}-5`,
    level: "junior" as const,
    issuedAt: new Date(),
    holderName: "张明远",
    countyCode: "370829",
    issuerName: "中共嘉祥县委组织部",
    statusListIndex: i,
  });
  // warm-up (jsonld caches, JIT)
  const warm = await signCredential(achievementCredential(origin, facts(0)), key, loader);
  await checkCredential(warm, loader);
  const signTimes: number[] = [];
  const verifyTimes: number[] = [];
  let size = 0;
  for (let i = 1; i <= OB3_RUNS; i++) {
    t = performance.now();
    const signed = await signCredential(achievementCredential(origin, facts(i)), key, loader);
    signTimes.push(performance.now() - t);
    size = JSON.stringify(signed).length;
    t = performance.now();
    const result = await checkCredential(signed, loader);
    verifyTimes.push(performance.now() - t);
    if (result.kind !== "valid") throw new Error(`bench credential ${i}: ${result.kind}`);
  }
  const revokeTimes: number[] = [];
  const revocationUrl = statusListUrl(origin, "370829", "revocation");
  for (let i = 1; i <= 50; i++) {
    t = performance.now();
    const list = await decodeList({ encodedList: encoded.get("revocation")! });
    list.setStatus(i * 7, true);
    encoded.set("revocation", await list.encode());
    lists.set(
      revocationUrl,
      await signCredential(
        await statusListCredential({
          id: revocationUrl,
          issuer: did,
          purpose: "revocation",
          encodedList: encoded.get("revocation")!,
          validFrom: new Date(),
        }),
        key,
        loader,
      ),
    );
    revokeTimes.push(performance.now() - t);
  }
  for (const a of [signTimes, verifyTimes, revokeTimes]) a.sort((x, y) => x - y);
  console.log(`Open Badges 3.0 credential — ${new Date().toISOString()}, Node ${process.version}, in-process; load average ${fmtLoad(1)}`);
  console.log(`  Ed25519 key generation: ${ms(keygen)}`);
  console.log(
    `  sign (eddsa-rdfc-2022) × ${OB3_RUNS}: median ${ms(percentile(signTimes, 50))}, p99 ${ms(percentile(signTimes, 99))}; credential ${(size / 1024).toFixed(1)} KB`,
  );
  console.log(
    `  verify (proof + 2 status lists and their proofs) × ${OB3_RUNS}: median ${ms(percentile(verifyTimes, 50))}, p99 ${ms(percentile(verifyTimes, 99))}`,
  );
  console.log(
    `  revoke (decode 131,072-entry list, flip, encode, re-sign) × 50: median ${ms(percentile(revokeTimes, 50))}, p99 ${ms(percentile(revokeTimes, 99))}; signed list ${(JSON.stringify(lists.get(revocationUrl)).length / 1024).toFixed(1)} KB`,
  );
}

interface Target {
  name: string;
  base: string;
}
interface Round {
  target: string;
  requests: number;
  statuses: Map<number, number>;
  latencies: number[];
  seconds: number;
}

function get(agent: http.Agent, url: URL): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("error", () => resolve(0));
  });
}

async function load(target: Target, numbers: string[]): Promise<Round> {
  const round: Round = { target: target.name, requests: 0, statuses: new Map(), latencies: [], seconds: SECONDS };
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = c; performance.now() < until; i++) {
        const url = new URL(`/verify/${numbers[i % numbers.length]}`, target.base);
        const t = performance.now();
        const status = await get(agent, url);
        round.latencies.push(performance.now() - t);
        round.statuses.set(status, (round.statuses.get(status) ?? 0) + 1);
        round.requests++;
      }
      agent.destroy();
    }),
  );
  round.seconds = (performance.now() - started) / 1000;
  round.latencies.sort((a, b) => a - b);
  return round;
}

function summary(rounds: Round[]) {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const all = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const statuses = new Map<number, number>();
  for (const r of rounds) for (const [s, n] of r.statuses) statuses.set(s, (statuses.get(s) ?? 0) + n);
  return {
    rps: requests / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    statuses: JSON.stringify(Object.fromEntries(statuses)),
  };
}

async function runBaselineServer() {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  await serveBaseline({
    handle: async (req, _body, sql) => {
      const m = /^\/verify\/([A-Z0-9-]{1,40})$/.exec(req.url ?? "");
      if (!m) return { status: 404 };
      const [row] = await sql`select number, level, status, holder_name, issued_at from certificates where number = ${m[1]}`;
      const body = row
        ? `<!doctype html><title>证书验证</title><p>${escape(row.number)} ${escape(row.level)} ${escape(row.status)} ${escape(String(row.holder_name).slice(0, 1))}*</p>`
        : "<!doctype html><p>not found</p>";
      return { status: row ? 200 : 404, body, contentType: "text/html; charset=utf-8" };
    },
  });
}

async function startBaseline(port: number, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/certificates.ts", "--baseline-server"], {
    env: plainEnv({ DATABASE_URL: url, PORT: String(port) }),
    stdio: "inherit",
  });
  await waitForHealthz(port, { timeoutMs: 30_000 }).catch(() => {
    throw new Error("baseline server did not start");
  });
  return child;
}

async function benchVerify() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `hf_bench_cert_${randomBytes(3).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  process.env.VERIFY_RATE_PER_MINUTE = "100000000";
  const port = await freePort();
  const server = startServer(port, url.toString());
  let baseline: ChildProcess | undefined;
  let sql: postgres.Sql | undefined;
  try {
    await server.ready;
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const numbers = (await sql`select number from certificates order by id`).map((r) => String(r.number));
    if (!numbers.length) throw new Error("the demo data has no certificates");
    const basePort = await freePort();
    baseline = await startBaseline(basePort, url.toString());
    const app = { name: "app", base: `http://127.0.0.1:${port}` };
    const bare = { name: "baseline", base: `http://127.0.0.1:${basePort}` };
    // warm-up: the route module, the prepared statement on every pooled connection
    await load({ ...app }, numbers).catch(() => undefined);
    const appRounds: Round[] = [];
    const bareRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      appRounds.push(await load(app, numbers));
      bareRounds.push(await load(bare, numbers));
    }
    const a = summary(appRounds);
    const b = summary(bareRounds);
    console.log(
      `/verify/<number> — production server on 127.0.0.1:${port}, PostgreSQL (throwaway database ${name}), ${CLIENTS} clients × ${SECONDS} s × ${ROUNDS} rounds, ${numbers.length} demo numbers`,
    );
    console.log(
      `  app (lean page, rate limit, prepared lookup): ${a.rps.toFixed(0)} req/s, p50 ${ms(a.p50)}, p99 ${ms(a.p99)}; statuses ${a.statuses}`,
    );
    console.log(
      `  baseline (node:http + one indexed SELECT):     ${b.rps.toFixed(0)} req/s, p50 ${ms(b.p50)}, p99 ${ms(b.p99)}; statuses ${b.statuses}`,
    );
    console.log(`  ratio app / baseline: ${((100 * a.rps) / b.rps).toFixed(0)} % of the throughput; load average ${fmtLoad(1)}`);
  } finally {
    baseline?.kill("SIGTERM");
    server.child.kill("SIGTERM");
    await server.exited;
    await sql?.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

if (process.argv.includes("--baseline-server")) {
  await runBaselineServer();
} else {
  try {
    if (process.argv.includes("--ob3-only")) await benchOb3();
    else {
      if (!process.argv.includes("--verify-only")) await benchPdf();
      if (!process.argv.includes("--pdf-only")) await benchVerify();
      if (!process.argv.includes("--pdf-only") && !process.argv.includes("--verify-only")) await benchOb3();
    }
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
  process.exit(0);
}

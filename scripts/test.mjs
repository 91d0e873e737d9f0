// `npm test`: the whole suite. Type check, lint, unit + integration tests (on embedded PGlite and on a
// PostgreSQL server, each test file in a database of its own that is dropped afterwards), a
// production build, then end-to-end journeys in Chromium against a fresh database.
//
// PostgreSQL: TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) must allow
// CREATE DATABASE. Without a reachable server the PostgreSQL variants are skipped (in CI: fail).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { ensureBuild, ensureDependencies } from "./ensure.mjs";

const started = Date.now();
ensureDependencies();
const { default: postgres } = await import("postgres");

const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const runId = randomBytes(3).toString("hex");

async function withAdmin(fn) {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

let pgAvailable = false;
try {
  await withAdmin((sql) => sql`select 1`);
  pgAvailable = true;
} catch (error) {
  if (process.env.CI) {
    console.error(`PostgreSQL is not reachable at ${adminUrl}: ${error.message}`);
    process.exit(1);
  }
  console.warn(`! PostgreSQL not reachable at ${adminUrl}: PostgreSQL variants are skipped, end-to-end runs on PGlite`);
}

const env = { ...process.env, TEST_RUN_ID: runId, ...(pgAvailable ? { TEST_PG_ADMIN_URL: adminUrl } : {}) };
const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const failedTests = [];

function step(name, command, args, extraEnv = {}) {
  console.log(`\n> ${name}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (result.status !== 0) failures.push(name);
  return result.status === 0;
}

function dbUrl(name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropRunDatabases() {
  if (!pgAvailable) return;
  await withAdmin(async (sql) => {
    const rows = await sql`select datname from pg_database where datname like ${`hf_${runId}_%`}`;
    for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  });
}

/** Counts a vitest JSON report's tests and names the failed ones. */
function readVitestReport(path) {
  if (!existsSync(path)) return;
  const report = JSON.parse(readFileSync(path, "utf8"));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  for (const file of report.testResults) {
    if (file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed")) {
      failedTests.push(`vitest: ${file.name.replace(process.cwd() + "/", "")}\n    ${String(file.message ?? "").split("\n")[0]}`);
    }
    for (const test of file.assertionResults) {
      if (test.status === "failed")
        failedTests.push(
          `vitest: ${test.fullName} (${file.name.replace(process.cwd() + "/", "")})\n    ${String(test.failureMessages?.[0] ?? "").split("\n")[0]}`,
        );
    }
  }
}

try {
  step("type check", "npx", ["tsc", "--noEmit"]);
  // ESLint (typescript-eslint, React, hooks, jsx-a11y) and the Prettier check: a problem fails the suite.
  step("lint (eslint, prettier --check)", "npm", ["run", "--silent", "lint"]);

  rmSync("test-results", { recursive: true, force: true });
  step("unit and integration tests (vitest)", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--outputFile=test-results/vitest.json",
  ]);
  readVitestReport("test-results/vitest.json");

  console.log("\n> production build");
  ensureBuild({ force: true });

  let e2eEnv = {};
  if (pgAvailable) {
    const name = `hf_${runId}_e2e`;
    await withAdmin((sql) => sql.unsafe(`create database "${name}"`));
    e2eEnv = { E2E_DATABASE_URL: dbUrl(name) };
  }
  step("end-to-end tests (Playwright, Chromium)", "npx", ["playwright", "test"], { ...e2eEnv });
  if (existsSync("test-results/playwright.json")) {
    const report = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
    counts.passed += report.stats.expected;
    counts.failed += report.stats.unexpected + report.stats.flaky;
    counts.skipped += report.stats.skipped;
    const visit = (suite, titles) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status === "unexpected" || test.status === "flaky") {
            const error = test.results?.find((r) => r.error)?.error?.message ?? "";
            failedTests.push(`playwright: ${[...titles, spec.title].join(" › ")} (${spec.file}:${spec.line})\n    ${error.split("\n")[0]}`);
          }
        }
      }
      for (const child of suite.suites ?? []) visit(child, [...titles, child.title].filter(Boolean));
    };
    for (const suite of report.suites ?? []) visit(suite, []);
  }

  // Three app instances behind nginx on one PostgreSQL database (issue 15, tests/cluster/). It needs
  // a PostgreSQL server and Debian's nginx (.ci/run installs it): without them it is skipped with a
  // note, except in CI.
  const nginx = existsSync(process.env.NGINX_PATH ?? "/usr/sbin/nginx");
  if (pgAvailable && nginx) {
    step("cluster tests (three instances behind nginx)", "npx", [
      "vitest",
      "run",
      "--config",
      "vitest.cluster.config.ts",
      "--reporter=default",
      "--reporter=json",
      "--outputFile=test-results/cluster.json",
    ]);
    readVitestReport("test-results/cluster.json");
  } else if (process.env.CI) {
    failures.push(`cluster tests: ${pgAvailable ? "nginx is not installed (apt-get install nginx)" : "no PostgreSQL server"}`);
  } else {
    console.warn(`\n! cluster tests skipped: ${pgAvailable ? "nginx is not installed (apt-get install nginx)" : "no PostgreSQL server"}`);
  }
} catch (error) {
  console.error(error);
  failures.push(String(error.message ?? error));
} finally {
  for (const entry of existsSync(".data") ? readdirSync(".data") : []) {
    if (entry.startsWith("e2e-")) rmSync(`.data/${entry}`, { recursive: true, force: true });
  }
  await dropRunDatabases().catch((error) => console.error(`could not drop test databases: ${error.message}`));
}

if (failedTests.length) console.log(`\nFailed tests:\n  ${failedTests.join("\n  ")}`);
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\nHongfan test suite finished in ${seconds} s${failures.length ? `; failed steps: ${failures.join(", ")}` : ""}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length || counts.failed ? 1 : 0);

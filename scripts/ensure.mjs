// Shared by `npm start` and `npm test`: installs packages and builds only when needed, using Node
// built-ins alone (it runs before node_modules exists).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", shell: false, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : mtime(path));
  }
  return latest;
}

const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

/** One line per phase, so the wait on a first start is never silent. */
export function ensureDependencies() {
  const installed = mtime("node_modules/.package-lock.json");
  if (!installed || mtime("package-lock.json") > installed || mtime("package.json") > installed) {
    const since = Date.now();
    console.log("> packages: installing with npm ci (first start, or after package.json changed; about 40 s on 2 cores)…");
    run(npm, ["ci", "--no-audit", "--no-fund"]);
    console.log(`> packages: installed in ${seconds(since)}`);
  } else {
    console.log("> packages: up to date");
  }
}

export function ensureBuild({ force = false } = {}) {
  const built = mtime("build/server/index.js");
  const sources = Math.max(newest("app"), newest("public"), mtime("vite.config.ts"), mtime("package-lock.json"));
  if (force || !built || sources > built) {
    const since = Date.now();
    console.log("> build: building the app (after a change to the code; about 15–30 s on 2 cores)…");
    // Vite's table of every file it wrote is for whoever tunes bundles; warnings and errors still print.
    run(npm, ["run", "build", "--silent", "--", "--logLevel", "warn"]);
    console.log(`> build: done in ${seconds(since)}`);
  } else {
    console.log("> build: up to date");
  }
}

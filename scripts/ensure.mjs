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

export function ensureDependencies() {
  const installed = mtime("node_modules/.package-lock.json");
  if (!installed || mtime("package-lock.json") > installed || mtime("package.json") > installed) {
    console.log("> installing packages (npm ci)");
    run(npm, ["ci", "--no-audit", "--no-fund"]);
  }
}

export function ensureBuild({ force = false } = {}) {
  const built = mtime("build/server/index.js");
  const sources = Math.max(newest("app"), newest("public"), mtime("vite.config.ts"), mtime("package-lock.json"));
  if (force || !built || sources > built) {
    console.log("> building the app");
    run(npm, ["run", "build", "--silent"]);
  }
}

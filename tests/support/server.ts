import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The real server (server/index.ts, production build) in a child process, for tests that need it whole. */

export { freePort } from "../../bench/support/processes";

/** The environment of a child process outside the test runner (vite.config.ts drops Remix under VITEST). */
export function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST" || key === "NODE_ENV") delete env[key];
  return { ...env, ...extra };
}

export function startServer(
  port: number,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; ready: Promise<void>; exited: Promise<unknown>; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: plainEnv({ NODE_ENV: "production", PORT: String(port), DATABASE_URL: databaseUrl, SEED_DEMO: "true", ...extraEnv }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let log = "";
  child.stdout!.on("data", (chunk) => (log += String(chunk)));
  child.stderr!.on("data", (chunk) => (log += String(chunk)));
  const ready = (async () => {
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${log}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server not ready:\n${log}`);
  })();
  return { child, ready, exited, output: () => log };
}

/** The production build the real server serves: built when it is missing or stale. */
export function ensureProductionBuild(): void {
  const build = spawnSync(process.execPath, ["--input-type=module", "-e", "import('./scripts/ensure.mjs').then((m) => m.ensureBuild())"], {
    stdio: "inherit",
    env: plainEnv({}),
  });
  if (build.status !== 0) throw new Error("build failed");
}

/** A new, empty PostgreSQL database (the server migrates it) named after the run; `drop()` removes it. */
export async function createServerDatabase(adminUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hf_${process.env.TEST_RUN_ID ?? "local"}_${label}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Signs in the demo data's ready candidate over HTTP; the session cookie ("__Host-hf_session=…": the server runs in production mode, so its cookies are Secure and prefixed). */
export async function signInDemoCandidate(base: string): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier: "13800000011", password: "hongfan-demo-2026", redirectTo: "/exams" }),
  });
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  return login.headers
    .getSetCookie()
    .find((c) => /^(__Host-)?hf_session=/.test(c))!
    .split(";")[0];
}

import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";

/** Starting and stopping the servers a benchmark (or a test, tests/support/server.ts) loads. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A port nobody listens on now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end (output shown); rejects on a non-zero exit. */
export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Waits until http://127.0.0.1:<port>/healthz answers 2xx; throws after timeoutMs or when `exited()` says the server is gone. */
export async function waitForHealthz(
  port: number,
  options: { timeoutMs: number; exited?: () => string | null; intervalMs?: number },
): Promise<void> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < options.timeoutMs) {
    const gone = options.exited?.();
    if (gone) throw new Error(gone);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(options.intervalMs ?? 200);
  }
  throw new Error(`no answer from /healthz on port ${port} within ${Math.round(options.timeoutMs / 1000)} s`);
}

export interface Target {
  name: string;
  port: number;
  child: ChildProcess;
}

/**
 * A server in a child process of this Node (`args`: the node arguments, e.g. a script with
 * `--baseline-server`), on a free port, ready once /healthz answers. Its routine output is dropped
 * once it is up; its errors stay visible when `showErrors`.
 */
export async function startServer(
  name: string,
  children: ChildProcess[],
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; showErrors?: boolean } = {},
): Promise<Target> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const startedAt = performance.now();
  try {
    await waitForHealthz(port, {
      timeoutMs,
      exited: () => (child.exitCode !== null ? `${name} server exited with ${child.exitCode}:\n${output}` : null),
    });
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      message.startsWith(name) ? message : `${name} server did not answer /healthz within ${Math.round(timeoutMs / 1000)} s:\n${output}`,
    );
  }
  console.log(`  ${name} server up on port ${port} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  child.stdout!.off("data", keep);
  child.stdout!.resume();
  if (options.showErrors) {
    // Keep the server's errors visible (a failing request is worth seeing), not its routine output.
    child.stderr!.off("data", keep);
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`  [${name}] ${chunk.toString("utf8").slice(0, 2000)}`));
  }
  return { name, port, child };
}

/** SIGTERM, then SIGKILL after 7 s; resolves when the process is gone. */
export async function stopServer(target: Pick<Target, "child">): Promise<void> {
  const { child } = target;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 7_000);
  await exited;
  clearTimeout(timer);
}

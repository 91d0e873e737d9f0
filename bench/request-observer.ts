/**
 * What the per-request observer costs (docs/decisions/033): the server CPU per request of a bare
 * node:http server answering like the hot path (writeHead with its headers + a small JSON body),
 * against the same server with `server/observability.ts` in front — with LOG_LEVEL=warn (request
 * id, metrics; no access line) and with LOG_LEVEL=info (and the access line, stdout a pipe this
 * process drains, as under systemd or a container runtime). The requests go to a page's path: a
 * quick success of the JSON endpoints is logged at debug, so "metrics" is what a save costs. No database: the difference is the
 * observer's alone. Rounds take turns (bare, metrics, log, bare, …) so a change in the machine's
 * other load falls on all three; the server's CPU is read from /proc.
 *
 *   npx tsx bench/request-observer.ts      (BENCH_SECONDS per round, default 5; BENCH_ROUNDS, default 3; BENCH_CLIENTS, default 50)
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { readFileSync } from "node:fs";
import { freePort, sleep } from "./support/processes";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const MODES = ["bare", "metrics", "log"] as const;
type Mode = (typeof MODES)[number];

const BODY = JSON.stringify({ ok: true, results: [{ slotNo: 1, seq: 2, stored: true, lastSeq: 1 }], deadlineAt: new Date().toISOString() });

/** utime + stime of a process, in ms (clock ticks of 10 ms, as on Linux's default USER_HZ). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function serve(mode: Mode, port: number) {
  const headers = () => ({
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(BODY),
    "Cache-Control": "private, no-store",
  });
  let observe: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  if (mode !== "bare") {
    const { createRequestObserver } = await import("../server/observability");
    const { metrics } = await import("../server/metrics");
    const { createRouteLabels } = await import("../server/route-label");
    observe = createRequestObserver({ metrics: metrics(), routeLabel: createRouteLabels(null) });
  }
  http
    .createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      observe?.(req, res);
      req.resume();
      req.on("end", () => {
        res.writeHead(200, headers());
        res.end(BODY);
      });
    })
    .listen(port, "127.0.0.1", () => process.send?.("ready"));
}

function start(mode: Mode, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/request-observer.ts", "--server", mode, String(port)], {
    env: { ...process.env, LOG_LEVEL: mode === "log" ? "info" : "warn", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function load(port: number, seconds: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const client = async () => {
    while (performance.now() < until) {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          // a page's path: its access line is written at info (a quick /api/exam/save success is logged at debug)
          { port, host: "127.0.0.1", path: "/exams/attempts/1", method: "POST", agent, headers: { "Content-Type": "application/json" } },
          (res) => {
            res.resume();
            res.on("end", () => resolve());
          },
        );
        req.on("error", reject);
        req.end('{"attemptId":1,"saves":[]}');
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  agent.destroy();
  return done;
}

async function main() {
  const servers = new Map<Mode, { child: ChildProcess; port: number }>();
  for (const mode of MODES) {
    const port = await freePort();
    servers.set(mode, { child: await start(mode, port), port });
  }
  const totals = new Map<Mode, { cpuMs: number; requests: number }>(MODES.map((m) => [m, { cpuMs: 0, requests: 0 }]));
  try {
    // warm-up: V8 compiles the paths before anything is counted
    for (const mode of MODES) await load(servers.get(mode)!.port, 1);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of MODES) {
        const { child, port } = servers.get(mode)!;
        const before = cpuMsOf(child.pid!);
        const requests = await load(port, SECONDS);
        const cpuMs = cpuMsOf(child.pid!) - before;
        const total = totals.get(mode)!;
        total.cpuMs += cpuMs;
        total.requests += requests;
        console.log(
          `round ${round} ${mode.padEnd(8)} ${(requests / SECONDS).toFixed(0).padStart(6)} req/s  server CPU ${((cpuMs * 1000) / requests).toFixed(1)} µs/req`,
        );
        await sleep(500);
      }
    }
    const per = (mode: Mode) => (totals.get(mode)!.cpuMs * 1000) / totals.get(mode)!.requests;
    console.log(
      `all rounds: bare ${per("bare").toFixed(1)} µs/req; + request id and metrics ${per("metrics").toFixed(1)} (+${(per("metrics") - per("bare")).toFixed(1)}); + access line ${per("log").toFixed(1)} (+${(per("log") - per("bare")).toFixed(1)})`,
    );
  } finally {
    for (const { child } of servers.values()) child.kill("SIGKILL");
  }
}

if (process.argv[2] === "--server") void serve(process.argv[3] as Mode, Number(process.argv[4]));
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });

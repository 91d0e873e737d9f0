/**
 * `npm run bench:large-bodies` — issue 8, item 6: what do large anonymous request bodies cost the
 * server? Prints figures, asserts nothing (see bench/README.md).
 *
 * A throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL, dropped
 * at the end) and the real server (`server/index.ts`, NODE_ENV=production, demo data) on a free
 * loopback port, as bench/save-isolation.ts. BENCH_CLIENTS (8) anonymous clients at once each POST
 * /login a form body of BENCH_BODY_MB (300) MB — generated 64 KB at a time as the socket drains,
 * never held whole — with a declared Content-Length (BENCH_CHUNKED=1: chunked instead). A client
 * stops sending when the server answers or closes, as a browser does. Meanwhile /healthz is polled
 * every 50 ms on a connection of its own. Printed: the server process's resident memory before and
 * at its peak (VmHWM from /proc), /healthz latency (max, p50, polls, failures), and per client the
 * answer, the bytes it got to send and how long it took.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import postgres from "postgres";
import { freePort, startServer } from "../tests/support/server";
import { fmtLoad, mb } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BODY_BYTES = Number(process.env.BENCH_BODY_MB ?? 300) * 1024 * 1024;
const CHUNKED = process.env.BENCH_CHUNKED === "1";

const MB = (bytes: number) => mb(bytes, 0);

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

interface Upload {
  status: number | string;
  sent: number;
  ms: number;
}

/** One anonymous login form with a huge field, streamed; stops sending once answered. */
function upload(port: number, origin: string): Promise<Upload> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let over = false;
    const request = http.request({
      host: "127.0.0.1",
      port,
      path: "/login",
      method: "POST",
      agent: false,
      headers: {
        Origin: origin,
        "Content-Type": "application/x-www-form-urlencoded",
        ...(CHUNKED ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(BODY_BYTES) }),
      },
    });
    const done = (status: number | string) => {
      if (over) return;
      over = true;
      request.destroy();
      resolve({ status, sent, ms: performance.now() - started });
    };
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => done(response.statusCode ?? 0));
      response.on("error", () => done(response.statusCode ?? "error"));
    });
    request.on("error", (error: NodeJS.ErrnoException) => done(error.code ?? "error"));
    const piece = Buffer.alloc(64 * 1024, "a");
    const first = Buffer.from("identifier=13800000011&password=x&redirectTo=%2F&pad=");
    void (async () => {
      request.write(first);
      sent = first.length;
      while (!over && sent < BODY_BYTES) {
        const part = BODY_BYTES - sent < piece.length ? piece.subarray(0, BODY_BYTES - sent) : piece;
        sent += part.length;
        if (!request.write(part)) {
          await new Promise<void>((resolve) => {
            const go = () => {
              request.off("drain", go);
              request.off("close", go);
              resolve();
            };
            request.on("drain", go);
            request.on("close", go);
          });
        }
      }
      if (!over) request.end();
    })();
  });
}

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `hf_bench_body_${randomBytes(3).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  const port = await freePort();
  const server = startServer(port, url.toString());
  const base = `http://127.0.0.1:${port}`;
  try {
    await server.ready;
    const pid = server.child.pid!;
    const before = memory(pid);
    let polling = true;
    const latencies: number[] = [];
    let failures = 0;
    let liveMax = before.rss;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const ok = await new Promise<boolean>((resolve) => {
          http
            .get(`${base}/healthz`, { agent: false }, (res) => {
              res.resume();
              res.on("end", () => resolve(res.statusCode === 200));
            })
            .on("error", () => resolve(false));
        });
        if (ok) latencies.push(performance.now() - started);
        else failures++;
        liveMax = Math.max(liveMax, memory(pid).rss);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000)); // polls of the idle server first
    const t0 = performance.now();
    const uploads = await Promise.all(Array.from({ length: CLIENTS }, () => upload(port, base)));
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500)); // a last poll or two after the uploads
    polling = false;
    await poller;
    const after = memory(pid);
    latencies.sort((a, b) => a - b);
    const statuses = new Map<string, number>();
    for (const u of uploads) statuses.set(String(u.status), (statuses.get(String(u.status)) ?? 0) + 1);
    console.log(
      `Large bodies — ${new Date().toISOString()}, production server on 127.0.0.1:${port}, PostgreSQL (throwaway database ${name}), cwd ${process.cwd()}`,
    );
    console.log(
      `  ${CLIENTS} anonymous POST /login at once, ${MB(BODY_BYTES)} each, ${CHUNKED ? "chunked" : "declared Content-Length"}; all answered in ${seconds.toFixed(1)} s`,
    );
    console.log(`  server RSS: before ${MB(before.rss)}, peak ${MB(Math.max(after.peak, liveMax))} (VmHWM), after ${MB(after.rss)}`);
    console.log(
      `  /healthz: max ${latencies.at(-1)?.toFixed(0) ?? "-"} ms, p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0) ?? "-"} ms, ${latencies.length} answered, ${failures} failed`,
    );
    console.log(`  load average at the end ${fmtLoad(1, " / ")} (2 cores, shared)`);
    console.log(`  answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
    for (const [i, u] of uploads.entries())
      console.log(`    client ${i + 1}: ${u.status} after ${MB(u.sent)} sent, ${(u.ms / 1000).toFixed(2)} s`);
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

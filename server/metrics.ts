import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import client from "prom-client";
import { cacheStats } from "../app/modules/cache/cache.server";
import { observeGroupCommits } from "../app/modules/group-commit";
import { log } from "../app/modules/observability/log.server";
import { poolStats } from "./pool-stats";

/**
 * Prometheus metrics (docs/decisions/033), in this process's own registry (kept on globalThis, so a
 * second load of this module — a test file, a reload — finds the same metrics instead of registering
 * them twice):
 * - `hf_http_request_duration_seconds{route,method,status}`: every request, `route` a fixed label
 *   (the Remix route id, or the server's own endpoint pattern; server/route-label.ts), `status` the
 *   class (2xx…); its `_count` is the request count;
 * - `hf_group_commit_batch_jobs{writer}` and `hf_group_commit_flush_seconds{writer,outcome}`: the
 *   exam save and study beat writers' runner calls (app/modules/group-commit.ts tells us of each);
 * - `hf_cache_*_total{cache}` and `hf_cache_entries{cache}`: the named caches' counters, read from
 *   cacheStats() when scraped (the caches' get path is not touched);
 * - `hf_exam_sweeps_total{outcome}`, `hf_exam_sweep_finalised_total`, `hf_exam_sweep_seconds`: the
 *   deadline sweeper;
 * - `hf_pg_pool_connections{state}` and `hf_pg_pool_queued_queries`: postgres.js's pool
 *   (server/pool-stats.ts);
 * - Node's process metrics (`process_*`, `nodejs_*`).
 */

export interface Metrics {
  registry: client.Registry;
  /** one request answered */
  request(route: string, method: string, status: number, seconds: number): void;
  /** one run of the exam deadline sweeper */
  examSweep(seconds: number, finalised: number, failed: boolean): void;
}

const KEY = Symbol.for("hongfan.metrics");

export function metrics(): Metrics {
  const g = globalThis as { [KEY]?: Metrics };
  return (g[KEY] ??= createMetrics());
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"];

function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  const duration = new client.Histogram({
    name: "hf_http_request_duration_seconds",
    help: "Requests answered, by route (Remix route id or the server's endpoint), method and status class: time to the last byte handed to the socket.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // The label children, found by one string key (prom-client hashes the label object on every call).
  const children = new Map<string, client.Histogram.Internal<"route" | "method" | "status">>();

  const batchJobs = new client.Histogram({
    name: "hf_group_commit_batch_jobs",
    help: "Jobs (save requests, beats) written by one statement of a group-commit writer.",
    labelNames: ["writer"] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const flushSeconds = new client.Histogram({
    name: "hf_group_commit_flush_seconds",
    help: "Time one statement of a group-commit writer took, by outcome (error: the batch is split or settled).",
    labelNames: ["writer", "outcome"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  observeGroupCommits((batch) => {
    batchJobs.observe({ writer: batch.name }, batch.jobs);
    flushSeconds.observe({ writer: batch.name, outcome: batch.failed ? "error" : "ok" }, batch.seconds);
  });

  const cacheCounter = (field: "hits" | "misses" | "evictions" | "expirations" | "invalidations", help: string) =>
    new client.Counter({
      name: `hf_cache_${field}_total`,
      help,
      labelNames: ["cache"] as const,
      registers: [registry],
      // read when scraped: the caches keep their own counters (app/modules/cache/cache.ts)
      collect() {
        this.reset();
        for (const stats of currentCacheStats()) this.inc({ cache: stats.name }, stats[field]);
      },
    });
  cacheCounter("hits", "Lookups answered from a named in-memory cache.");
  cacheCounter("misses", "Lookups of a named cache that had to load.");
  cacheCounter("evictions", "Entries dropped from a named cache for room.");
  cacheCounter("expirations", "Entries of a named cache found expired.");
  cacheCounter("invalidations", "Explicit invalidations of a named cache (this instance's and others').");
  new client.Gauge({
    name: "hf_cache_entries",
    help: "Entries held by a named cache now (the current database's).",
    labelNames: ["cache"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const stats of currentCacheStats()) this.set({ cache: stats.name }, stats.size);
    },
  });

  const sweeps = new client.Counter({
    name: "hf_exam_sweeps_total",
    help: "Runs of the exam deadline sweeper, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const finalised = new client.Counter({
    name: "hf_exam_sweep_finalised_total",
    help: "Exam attempts finalised by this instance's deadline sweeper.",
    registers: [registry],
  });
  const sweepSeconds = new client.Histogram({
    name: "hf_exam_sweep_seconds",
    help: "Time one run of the exam deadline sweeper took.",
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  });

  new client.Gauge({
    name: "hf_pg_pool_connections",
    help: "Connections of the postgres.js pool by state (open: idle, busy: running queries with room for more, full: at the pipeline limit, connecting, closed: not yet opened or closed when idle).",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const pool = poolStats();
      if (!pool) return;
      for (const [state, count] of Object.entries(pool.connections)) this.set({ state }, count);
    },
  });
  new client.Gauge({
    name: "hf_pg_pool_queued_queries",
    help: "Queries waiting for a connection of the postgres.js pool.",
    registers: [registry],
    collect() {
      const pool = poolStats();
      this.set(pool?.queued ?? 0);
    },
  });

  return {
    registry,
    request(route, method, status, seconds) {
      const m = METHODS.has(method) ? method : "other";
      const cls = STATUS_CLASSES[Math.floor(status / 100) - 1] ?? "other";
      const key = `${route} ${m} ${cls}`;
      let child = children.get(key);
      if (!child) children.set(key, (child = duration.labels(route, m, cls)));
      child.observe(seconds);
    },
    examSweep(seconds, count, failed) {
      sweeps.inc({ outcome: failed ? "error" : "ok" });
      if (count) finalised.inc(count);
      sweepSeconds.observe(seconds);
    },
  };
}

/** Times one run of the exam deadline sweeper (finalize.server.ts sweepExpiredAttempts) into the metrics; resolves and rejects as it does. */
export function observeExamSweep(run: Promise<number>): Promise<number> {
  const started = performance.now();
  return run.then(
    (finalised) => {
      metrics().examSweep((performance.now() - started) / 1000, finalised, false);
      return finalised;
    },
    (error: unknown) => {
      metrics().examSweep((performance.now() - started) / 1000, 0, true);
      throw error;
    },
  );
}

/** The caches' counters; none before the database is open (the caches are per database). */
function currentCacheStats() {
  try {
    return cacheStats();
  } catch {
    return [];
  }
}

/* ---------------- serving ---------------- */

const digest = (text: string) => createHash("sha256").update(text).digest();

/** The bearer token compared in constant time (both sides hashed first, so their lengths never show). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || !header.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}

async function answerMetrics(res: ServerResponse, head: boolean): Promise<void> {
  const registry = metrics().registry;
  const text = await registry.metrics();
  res.writeHead(200, {
    "Content-Type": registry.contentType,
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(head ? undefined : text);
}

function fail(res: ServerResponse, error: unknown) {
  log.error({ err: error }, "metrics failed");
  if (!res.headersSent) res.writeHead(500, { "Content-Length": 0 });
  res.end();
}

/**
 * /metrics on the app's port: answered only to `Authorization: Bearer <METRICS_TOKEN>` — a
 * missing or wrong token gets 401 with an empty body. Without a token configured the path is not
 * taken (returns false; the app answers it as any unknown page, 404).
 */
export function createMetricsEndpoint(token: string | undefined) {
  return function metricsEndpoint(req: IncomingMessage, res: ServerResponse): boolean {
    if (!token || !req.url || (req.url !== "/metrics" && !req.url.startsWith("/metrics?"))) return false;
    req.resume();
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Length": 0 });
      res.end();
    } else if (!bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Length": 0, "Cache-Control": "no-store" });
      res.end();
    } else answerMetrics(res, req.method === "HEAD").catch((error) => fail(res, error));
    return true;
  };
}

/** The admin port: /metrics without a token, on 127.0.0.1 only (a scraper on this machine); every other path 404. */
export function startMetricsServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Length": 0 });
      res.end();
      return;
    }
    answerMetrics(res, req.method === "HEAD").catch((error) => fail(res, error));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/**
 * The Node server: Express in front of Remix. It opens the database (and migrates it), loads
 * demo data when asked, and adds what Remix does not: compression, security headers with a
 * per-response CSP nonce, a same-origin check on every mutation, long-lived caching of hashed
 * assets, the session lookup shared by all routes (the last three from server/web-policy.ts, which
 * the JSON endpoints in front of Express use too), and lean endpoints (/healthz).
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server } from "node:net";
import { join } from "node:path";
import { getDatabase, openDatabase, setDatabase, type Database } from "../db/client.server";
import { seedDemo } from "../db/seed/seed-demo.server";
import { importQuestionContent } from "../app/modules/question-bank/import-content.server";
import { importCourseContent } from "../app/modules/learning/import-content.server";
import { config } from "../app/modules/config.server";
import { deleteExpiredSessions, readSessionTokenFromCookie } from "../app/modules/auth/session.server";
import { cacheStats } from "../app/modules/cache/cache.server";
import { deleteEndedThrottleWindows } from "../app/modules/auth/throttle.server";
import { createHotPath } from "./hot-path";
import { guardRequest, refusedAsTooLarge } from "./request-guard";
import { pageSecurityHeaders, sameOriginOnly as sameOriginCheck, sessionFromCookie } from "./web-policy";
import { handleAttentionImage } from "./endpoints/study-beat";
import { handleLeanVerify } from "../app/modules/certificates/verify-lean.server";
import { ensureIssuerKey } from "../app/modules/credentials/keys.server";
import { drainSaveWriter } from "../app/modules/exams/save-writer.server";
import { drainBeatWriter } from "../app/modules/hours/beat-writer.server";
import { sweepExpiredAttempts } from "../app/modules/exams/finalize.server";
import { SWEEP_INTERVAL_SECONDS } from "../app/modules/exams/types";
import { handleAssetRequest } from "../app/modules/media/serve.server";
import { mediaUploadRouter } from "../app/modules/media/tus.server";
import { sweepMedia } from "../app/modules/media/sweep.server";
import { sweepOrphanFiles } from "../app/modules/storage/sweep.server";
import { linkInstances, type CrossInstanceLink } from "../app/modules/cache/cross-instance.server";
import { createReadiness, expectedMigrations, isReady } from "./readiness";
import { log } from "../app/modules/observability/log.server";
import { createMetricsEndpoint, metrics, observeExamSweep, startMetricsServer } from "./metrics";
import { createRequestObserver, logServerErrors } from "./observability";
import { createRouteLabels, staticFilesOf } from "./route-label";

const dev = process.argv.includes("--dev");
const env = config();
/** this instance's name in /healthz (and the logs): several run behind one proxy */
const instanceId = env.instanceId;

async function main() {
  const started = Date.now();
  const database = await openDatabase(
    env.DATABASE_URL
      ? { url: env.DATABASE_URL, sessionUrl: env.DATABASE_SESSION_URL, max: env.DATABASE_POOL_MAX }
      : { dataDir: join(env.DATA_DIR, "pglite") },
  );
  setDatabase(database);
  log.info(
    `database: ${database.driver === "pglite" ? `embedded PostgreSQL in ${join(env.DATA_DIR, "pglite")}` : "PostgreSQL server"}, migrated (${Date.now() - started} ms)`,
  );
  // Other instances' cache invalidations, and this one's to them (PostgreSQL LISTEN/NOTIFY, decision 032).
  const cacheLink: CrossInstanceLink | null = database.sessionSql ? await linkInstances(database.sessionSql, { origin: instanceId }) : null;
  // The start-up writes, one instance at a time when several start together (an advisory lock).
  await database.exclusive(() => bootstrap(database));

  const vite = dev
    ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true, hmr: { port: env.PORT + 1 } } }))
    : undefined;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  let closing = false;
  const policy = { trustProxy: Boolean(env.TRUST_PROXY), cookieSecure: env.cookieSecure };
  // Cross-site request forgery: every mutation must come from a page of this site (server/web-policy.ts,
  // the same check as the JSON endpoints').
  const sameOriginOnly = sameOriginCheck(policy);
  // The session, validated once per request and renewed here; validated sessions are kept in memory
  // for 5 s with revocation honoured (app/modules/auth/session-cache.server.ts).
  const resolveSession = sessionFromCookie();

  // The JSON endpoints (/api/study/beat, /api/study/attention, /api/exam/save, /api/exam/event) have
  // no route here: server/hot-path.ts answers every request to them in front of Express (see the end
  // of this function; docs/decisions/027).

  // Resumable media uploads (tus, app/modules/media/tus.server.ts, docs/decisions/022): before
  // compression and any body parser (tus reads the raw body), behind the same-origin check and session.
  const mediaUploads = mediaUploadRouter();
  app.all(["/uploads", "/uploads/*", "/media/uploads/:uploadId"], sameOriginOnly, resolveSession, mediaUploads);

  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.nonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(pageSecurityHeaders({ ...policy, dev }));

  // Liveness: the process answers (no database round trip, server/readiness.ts). ?caches=1 adds each
  // in-memory cache's counters and size (names and numbers only: no keys, no values).
  app.get("/healthz", (req, res) => {
    const body = { ok: true, driver: database.driver, instance: instanceId };
    res.json(req.query.caches === "1" ? { ...body, caches: cacheStats() } : body);
  });
  // Readiness: the database answers, migrations are current, the cache link listens, not shutting down.
  const readiness = createReadiness({
    database: getDatabase,
    expected: expectedMigrations(),
    cacheLinkListening: () => cacheLink?.listening() ?? true,
    accepting: () => !closing,
  });
  app.get("/readyz", async (_req, res) => {
    const checks = await readiness();
    res.status(isReady(checks) ? 200 : 503).json({ ready: isReady(checks), instance: instanceId, checks });
  });

  if (vite) {
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }

  // Cross-site request forgery: every mutation must come from a page of this site.
  app.use(sameOriginOnly);

  // One session lookup per request, shared by every loader and action (and renewed here).
  app.use(resolveSession);

  app.get("/api/study/attention/:checkId.svg", (req, res, next) => {
    handleAttentionImage(req, res).catch(next);
  });
  // Lesson videos, with HTTP range requests (express.static answers Range).
  app.use("/media/videos", express.static("content/videos", { maxAge: "1d", fallthrough: false }));
  // Uploaded media (app/modules/media, docs/decisions/022): access rule, ranges, ETag, streamed from the BlobStore.
  app.get("/media/assets/:assetId", (req, res, next) => {
    handleAssetRequest(req, res, "media").catch(next);
  });
  app.get("/media/assets/:assetId/poster", (req, res, next) => {
    handleAssetRequest(req, res, "poster").catch(next);
  });

  const build = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : ((await import(join(process.cwd(), "build/server/index.js"))) as ServerBuild);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce as string,
        session: res.locals.session,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );

  // Request bodies a route cannot read: a client that went away mid-request, or a body cut off at the
  // cap. These are the client's doing, answered plainly and not logged as server faults; anything
  // else goes to Express's default handler.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    // A body cut off at the cap (server/request-guard.ts): the 413 is already out.
    if (refusedAsTooLarge(req)) {
      if (!res.headersSent) res.destroy();
      return;
    }
    const type = (error as { type?: string } | null)?.type;
    if (type === "request.aborted" || type === "stream.not.readable") {
      if (!res.headersSent && !res.destroyed) res.status(400).end();
      return;
    }
    next(error);
  });
  // Anything else: logged through the logger, answered 500 (server/observability.ts).
  app.use(logServerErrors);

  // Abandoned sessions are removed hourly (any instance may do it: the delete is idempotent).
  const sweep = setInterval(() => {
    void deleteExpiredSessions().catch((error) => log.error({ err: error }, "session sweep failed"));
    void deleteEndedThrottleWindows().catch((error) => log.error({ err: error }, "throttle sweep failed"));
    // abandoned uploads and unattached media older than a day, then stored files nothing references
    void sweepMedia()
      .then(() => sweepOrphanFiles())
      .catch((error) => log.error({ err: error }, "storage sweep failed"));
  }, 3_600_000);
  sweep.unref();
  // Exam attempts whose deadline (+ grace) has passed are closed by the server even when nobody comes
  // back. Every instance runs it: attempts are picked FOR UPDATE SKIP LOCKED, one short transaction
  // each, so instances never close the same attempt twice (app/modules/exams/finalize.server.ts).
  let examSweepRunning = false;
  const examSweepSeconds = env.EXAM_SWEEP_INTERVAL_SECONDS ?? SWEEP_INTERVAL_SECONDS;
  const examSweep = setInterval(() => {
    if (examSweepRunning) return;
    examSweepRunning = true;
    observeExamSweep(sweepExpiredAttempts())
      .catch((error) => log.error({ err: error }, "exam deadline sweep failed"))
      .finally(() => {
        examSweepRunning = false;
      });
  }, examSweepSeconds * 1000);
  examSweep.unref();

  // The JSON endpoints are answered in front of Express, completely (server/hot-path.ts); the rest go
  // through the app above.
  const hotPath = createHotPath(policy);
  // Before either, every request meets the body cap and the cache policy (server/request-guard.ts).
  // What a certificate's QR code opens (/verify/<number>), for visitors without a session: a lean
  // page in front of Express too (docs/decisions/017); signed-in visitors get the Remix page.
  const leanVerify = (req: IncomingMessage, res: ServerResponse) => {
    if (dev || !req.url?.startsWith("/verify/")) return false;
    const forwarded =
      env.TRUST_PROXY && typeof req.headers["x-forwarded-for"] === "string"
        ? req.headers["x-forwarded-for"].split(",").map((s) => s.trim())
        : [];
    const chain = [...forwarded, req.socket.remoteAddress ?? "unknown"];
    const clientIp = chain[Math.max(0, chain.length - 1 - env.TRUST_PROXY)];
    return handleLeanVerify(req, res, {
      clientIp,
      hasSession: Boolean(readSessionTokenFromCookie(req.headers.cookie)),
      cookieSecure: env.cookieSecure,
    });
  };
  // Request ids, access lines and request metrics for every request; /metrics behind its token
  // (server/observability.ts, server/metrics.ts; docs/decisions/033).
  const observeRequest = createRequestObserver({
    metrics: metrics(),
    routeLabel: createRouteLabels(typeof build === "function" ? null : build, staticFilesOf("build/client")),
  });
  const metricsEndpoint = createMetricsEndpoint(env.METRICS_TOKEN);
  const metricsServer = env.METRICS_PORT ? await startMetricsServer(env.METRICS_PORT) : null;
  const server = createServer(HTTP_SERVER_OPTIONS, (req, res) => {
    observeRequest(req, res);
    // shutting down: this answer is the connection's last (Node closes it once the answer is sent)
    if (closing) res.setHeader("Connection", "close");
    if (!guardRequest(req, res) || metricsEndpoint(req, res)) return;
    if (!hotPath(req, res) && !leanVerify(req, res)) app(req, res);
  }).listen({ port: env.PORT, backlog: LISTEN_BACKLOG }, () => {
    log.info(`Hongfan ready at http://localhost:${env.PORT} (${database.driver}, ${Date.now() - started} ms)`);
  });

  /**
   * Graceful shutdown (SIGTERM from systemd, docker or an orchestrator; SIGINT in a terminal): stop
   * accepting connections (the proxy sends new requests to the other instances: a refused connection
   * is retried there, even for a POST, since nothing was sent), answer the requests under way and close
   * their connections after the answer (`Connection: close`), write what the group-commit writers hold,
   * stop listening for invalidations, close the pool, exit 0. Every save or beat that was answered was
   * committed before its answer; the drain covers those still being written. After SHUTDOWN_TIMEOUT_MS
   * the process exits 1 anyway (a request that never ends must not keep it alive).
   */
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const began = Date.now();
    log.info(`${signal}: closing (no new connections; finishing requests under way)`);
    clearInterval(examSweep);
    clearInterval(sweep);
    metricsServer?.close();
    // Stop accepting, but not (yet) the idle keep-alive connections, which http.Server#close would
    // close at once: the proxy may be sending a request on one at that moment, and a POST it had sent
    // is not retried (a 502). Each connection's next answer says `Connection: close` instead, so the
    // proxy closes it itself; whatever is still idle after SHUTDOWN_DRAIN_MS is closed then.
    Server.prototype.close.call(server, () => {
      void Promise.all([drainSaveWriter(), drainBeatWriter()])
        .catch((error) => log.error({ err: error }, "writers failed while closing"))
        .then(() => cacheLink?.stop())
        .catch(() => {})
        .finally(() =>
          database.close().finally(() => {
            log.info(`${signal}: closed in ${Date.now() - began} ms`);
            process.exit(0);
          }),
        );
    });
    setTimeout(() => server.closeIdleConnections(), SHUTDOWN_DRAIN_MS).unref();
    setTimeout(() => {
      log.error(`${signal}: requests still open after ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

/** Content, demo data and the issuer key: written at start, by one instance at a time (database.exclusive). */
async function bootstrap(database: Database) {
  let phase = Date.now();
  const curriculum = await importCourseContent(database.db);
  log.info(`content: ${curriculum.courses} courses, ${curriculum.lessons} lessons (${Date.now() - phase} ms)`);
  phase = Date.now();
  const content = await importQuestionContent(database.db);
  log.info(
    `content: question banks ${content.inserted} added, ${content.updated} updated, ${content.unchanged} unchanged (${Date.now() - phase} ms)`,
  );
  if (env.seedDemo) {
    phase = Date.now();
    const { inserted } = await seedDemo(database.db);
    log.info(`demo data: ${inserted ? `${inserted} rows added` : "already loaded"} (${Date.now() - phase} ms)`);
  }
  // The Open Badges issuer key (decision 018): created at first start, its secret sealed by a KEK outside the database.
  await ensureIssuerKey();
}

/**
 * Connections on exam morning (issue 14, docs/decisions/030). An idle keep-alive connection is kept
 * 65 s, longer than the clients that reuse it keep it (nginx's upstream keepalive_timeout is 60 s;
 * Node's own agent honours the Keep-Alive hint): a client must never send a request on a connection
 * the server is closing at that moment, which it sees as ECONNRESET. Node's default of 5 s made the
 * resets of the start spike on a loaded machine, where the load generator's timers ran late (measured
 * in bench/README.md). headersTimeout stays above keepAliveTimeout, as Node asks.
 */
const HTTP_SERVER_OPTIONS = { keepAliveTimeout: 65_000, headersTimeout: 66_000 };
/**
 * Connections not yet accepted, queued by the kernel (capped by net.core.somaxconn, 4096 on Debian 12):
 * Node's default of 511 is a tenth of a thousand phones arriving in the same second.
 */
const LISTEN_BACKLOG = 4096;
/** How long a shutdown waits for requests under way (systemd's TimeoutStopSec and docker's stop timeout are set above it). */
const SHUTDOWN_TIMEOUT_MS = 15_000;
/** How long idle keep-alive connections stay open after SIGTERM, for their last request (answered with `Connection: close`). */
const SHUTDOWN_DRAIN_MS = 1_000;

main().catch((error) => {
  log.fatal({ err: error }, "start-up failed");
  process.exit(1);
});

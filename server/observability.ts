import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { accessLog, log, maskIdNumbers } from "../app/modules/observability/log.server";
import type { Metrics } from "./metrics";
import { JSON_ENDPOINT_LIMITS } from "./request-limits";

/**
 * What every request leaves behind (docs/decisions/033), set up first thing in server/index.ts:
 * - a request id: the proxy's `X-Request-Id` when it is well-formed (nginx's `$request_id` is 32 hex
 *   digits), else a new UUID; echoed as `X-Request-Id` on the answer and put on the request's
 *   headers, so Remix's error log (app/entry.server.tsx handleError) names it too;
 * - once the answer is out (`finish`; or `close` when the client went first): one access line
 *   (method, route label, path WITHOUT the query string and with ID-number-shaped runs masked,
 *   status, ms, request id, user id when signed in; the instance id is in every line) and the
 *   request's observation in the metrics. Probes, scrapes and the JSON endpoints' quick successes
 *   are logged at debug (below). Nothing from headers, cookies or bodies is copied.
 * It runs after the answer has been handed to the socket, on the same event loop: its cost is
 * measured in docs/decisions/033 (bench:exams).
 */

const WELL_FORMED_ID = /^[A-Za-z0-9-]{8,64}$/;
const REQUEST_ID = Symbol.for("hongfan.requestId");
const USER_ID = Symbol.for("hongfan.requestUser");
type Tagged = { [REQUEST_ID]?: string; [USER_ID]?: number };

/** The request id given to this request (for an error logged while answering it). */
export function requestIdOf(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & Tagged)[REQUEST_ID];
}

/** Names the signed-in person for the access line (the JSON endpoints; Express's requests carry `res.locals.session`). */
export function noteUser(res: ServerResponse, userId: number | undefined): void {
  if (userId !== undefined) (res as ServerResponse & Tagged)[USER_ID] = userId;
}

/** Probes and scrapes: their access lines only at debug (every few seconds from every balancer and scraper). */
const QUIET_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);
/**
 * The JSON endpoints' successful answers (an exam save, a study beat: the bulk of all requests on
 * an exam morning) are logged at debug unless slower than this; their refusals and failures at
 * info or warn. An access line costs about 10 µs of CPU, 5–7 % of a save's server CPU (measured in
 * docs/decisions/033, above the 3 % allowed the hot path); the metrics count every one of them.
 */
const SLOW_HOT_PATH_SECONDS = 1;

export interface RequestObserverOptions {
  metrics: Metrics;
  routeLabel: (path: string) => string;
}

export function createRequestObserver({ metrics, routeLabel }: RequestObserverOptions) {
  const finish = (req: IncomingMessage, res: ServerResponse, started: number, id: string, aborted: boolean) => {
    const seconds = (performance.now() - started) / 1000;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const route = routeLabel(path);
    // a client gone before the answer was out: nginx's 499
    const status = aborted && !res.headersSent ? 499 : res.statusCode;
    const method = req.method ?? "GET";
    metrics.request(route, method, status, seconds);

    const quiet =
      QUIET_ROUTES.has(route) || (status < 400 && seconds < SLOW_HOT_PATH_SECONDS && JSON_ENDPOINT_LIMITS.has(route) && !aborted);
    const level = status >= 500 ? "warn" : quiet ? "debug" : "info";
    if (!accessLog.isLevelEnabled(level)) return;
    const userId =
      (res as ServerResponse & Tagged)[USER_ID] ??
      (res as ServerResponse & { locals?: { session?: { actor?: { userId?: number } } | null } }).locals?.session?.actor?.userId;
    accessLog[level](
      {
        reqId: id,
        method,
        route,
        path: maskIdNumbers(path),
        status,
        ms: Math.round(seconds * 10_000) / 10,
        userId,
        aborted: aborted || undefined,
      },
      "request",
    );
  };

  return function observeRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && WELL_FORMED_ID.test(given) ? given : randomUUID();
    (req as IncomingMessage & Tagged)[REQUEST_ID] = id;
    req.headers["x-request-id"] = id;
    echoRequestId(res, id);
    let done = false;
    res.once("finish", () => {
      if (done) return;
      done = true;
      finish(req, res, started, id, false);
    });
    res.once("close", () => {
      if (done) return;
      done = true;
      finish(req, res, started, id, true);
    });
  };
}

/**
 * `X-Request-Id` on the answer. Put in the headers object of a `writeHead(status, headers)` (the
 * hot path's and the lean pages' way) rather than set beforehand: a header set before such a
 * writeHead sends Node down its slow path, which merges every header one by one (measured: about
 * 3.5 µs more per answer); Express's answers (writeHead without headers) get it set at that moment.
 */
function echoRequestId(res: ServerResponse, id: string): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (last && typeof last === "object" && !Array.isArray(last)) (last as OutgoingHttpHeaders)["X-Request-Id"] = id;
    else this.setHeader("X-Request-Id", id);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

/**
 * Express's last error handler: the error logged through the logger (its query parameters and
 * PostgreSQL detail left out, docs/decisions/033) instead of Express's own print of the stack,
 * and a plain answer with the error's status (a body parser's 4xx) or 500.
 */
export function logServerErrors(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const declared =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  const status = typeof declared === "number" && declared >= 400 && declared < 600 ? declared : 500;
  if (status >= 500) log.error({ err: error, reqId: requestIdOf(req) }, "request failed");
  // the answer is already going out: cut it short, as Express would
  if (res.headersSent) return void res.destroy();
  res
    .status(status)
    .type("text/plain; charset=utf-8")
    .send(STATUS_CODES[status] ?? "Error");
}

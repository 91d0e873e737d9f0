import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { readSessionTokenFromCookie } from "../app/modules/auth/session.server";
import type { JsonError } from "../app/contracts/json-errors";
import { bodyLimit, cacheControlFor, JSON_ENDPOINT_LIMITS, NO_STORE, TOO_LARGE_MESSAGE } from "./request-limits";

/**
 * The first thing every request meets (server/index.ts, before the hot path, Express, any body
 * parser and Remix), applying server/request-limits.ts:
 * - the body cap: a declared Content-Length over the cap is answered 413 before a byte of the body
 *   is read; a body without one (chunked) is counted as the HTTP parser hands it over, and at the
 *   first byte over the cap the request is answered 413, nothing more is passed on or read, and
 *   the connection is closed once the answer is out;
 *   (a JSON endpoint's limit is its own, JSON_ENDPOINT_LIMITS, and its 413 the JSON code
 *   `tooLarge`; everything else gets a short plain-text page);
 * - the cache policy: the Cache-Control of the answer is settled as its head is written.
 * "Signed in" is only "carries a well-formed session cookie" (no database lookup).
 */

const REFUSED = Symbol("body over the cap");

/** Whether the request was answered 413 here (what a reader of its body then sees is not a fault). */
export function refusedAsTooLarge(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { [REFUSED]?: boolean })[REFUSED] === true;
}

/** Returns false when it answered the request itself (413); else the request goes on. */
export function guardRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  const signedIn = readSessionTokenFromCookie(req.headers.cookie) !== null;

  settleCacheControl(res, path, signedIn);

  const limit = bodyLimit(path, signedIn);
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refuseAsTooLarge(req, res);
    return false;
  }
  // With a Content-Length the parser never hands over more than it; a chunked body is counted.
  if (req.headers["transfer-encoding"] !== undefined) countBody(req, res, limit);
  return true;
}

const TOO_LARGE_JSON = JSON.stringify({ error: "tooLarge" } satisfies JsonError);

/** Answers 413 (once) and closes the connection after it; what is left of the body is never read. */
export function refuseAsTooLarge(req: IncomingMessage, res: ServerResponse): void {
  (req as IncomingMessage & { [REFUSED]?: boolean })[REFUSED] = true;
  if (res.headersSent) {
    req.destroy();
    return;
  }
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const json = JSON_ENDPOINT_LIMITS.has(query === -1 ? url : url.slice(0, query));
  const body = json ? TOO_LARGE_JSON : TOO_LARGE_MESSAGE;
  res.writeHead(413, {
    "Content-Type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    ...(json ? { "Cache-Control": NO_STORE } : {}),
    Connection: "close",
  });
  lingerThenClose(req.socket);
  res.end(body);
}

/** How long a refused connection stays half-open after its 413, so that the client reads the answer. */
const LINGER_MS = 2000;

/**
 * Node closes a `Connection: close` socket (destroySoon) as soon as the answer is written. With body
 * bytes still unread that close is a TCP reset, and the client, still sending, often loses the 413
 * with it. So, as nginx's lingering close: send FIN after the answer, and destroy the socket when the
 * client closes or after LINGER_MS at most. A chunked body's reading has stopped (see countBody); an
 * unread declared body is discarded by Node as it arrives, never kept.
 */
function lingerThenClose(socket: IncomingMessage["socket"]): void {
  socket.destroySoon = function (this: typeof socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
    this.once("end", () => this.destroy());
  };
}

/**
 * IncomingMessage receives its body from the HTTP parser through `push` (one call per piece, after
 * chunked decoding); a `false` answer makes the parser stop reading the socket.
 */
function countBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const push = req.push;
  let size = 0;
  req.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (chunk != null && size <= limit) {
      size += (chunk as { length: number }).length;
      if (size > limit) {
        refuseAsTooLarge(req, res);
        return false;
      }
    } else if (chunk != null) {
      return false;
    }
    return push.call(this, chunk, encoding);
  };
}

/** Wraps writeHead (explicit or implicit) to apply cacheControlFor to the answer's Cache-Control. */
function settleCacheControl(res: ServerResponse, path: string, signedIn: boolean): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const last = args[args.length - 1];
    const inline = last && typeof last === "object" && !Array.isArray(last) ? (last as OutgoingHttpHeaders) : undefined;
    const inlineKey = inline ? Object.keys(inline).find((k) => k.toLowerCase() === "cache-control") : undefined;
    const current = inlineKey ? inline![inlineKey] : this.getHeader("cache-control");
    const value = cacheControlFor(path, signedIn, current === undefined ? undefined : String(current));
    if (value !== undefined && value !== current) {
      if (inline) {
        if (inlineKey) delete inline[inlineKey];
        inline["Cache-Control"] = value;
        if (this.hasHeader("cache-control")) this.removeHeader("cache-control");
      } else this.setHeader("Cache-Control", value);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

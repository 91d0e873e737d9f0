import type { IncomingMessage, ServerResponse } from "node:http";
import type { ValidSession } from "../app/modules/auth/session.server";
import { validateSessionCached } from "../app/modules/auth/session-cache.server";
import { clearSessionCookie, readSessionTokenFromCookie, sessionCookie } from "../app/modules/auth/session.server";
import { answerExamEvent, answerExamSave } from "../app/modules/exams/save-endpoint.server";
import { answerStudyBeat } from "../app/modules/hours/beat-endpoint.server";
import { NO_STORE } from "./request-limits";
import { isSameOriginMemo, requestProtocol } from "./same-origin";

/**
 * The hot JSON endpoints in front of Express (docs/decisions/008 and 011, DESIGN §5: hot paths may
 * be served by lean handlers in the same Node server): the study heartbeat, exam answer saves and
 * leave-page events. Each does what its Express route does — the same-origin check, the shared
 * session lookup (with its Set-Cookie on renewal or expiry), a JSON body of at most the route's
 * limit, the same answers and headers — without Express's router, body-parser and response
 * helpers, which cost more CPU than the work itself.
 *
 * Only the plain case is taken: a POST to one of these paths with a JSON body (UTF-8) of a declared
 * length within the limit and no content encoding. Anything else is left to Express, whose route
 * answers as before (an oversized body: 413; another charset: 415; a form post: its own answer).
 */

type Answer = { status: number; body: unknown };

interface Endpoint {
  /** bytes; the same limit as the Express route's express.json (a larger body goes to Express: 413) */
  limit: number;
  answer: (session: ValidSession | null, body: unknown) => Promise<Answer>;
}

/** path → endpoint. The limits are those of the Express routes in server/index.ts. */
export const HOT_ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ["/api/study/beat", { limit: 4 * 1024, answer: answerStudyBeat }],
  // The exam page sends at most 50 saves (MAX_BATCH) of which a 简答 may be 5,000 characters.
  ["/api/exam/save", { limit: 512 * 1024, answer: answerExamSave }],
  ["/api/exam/event", { limit: 1024, answer: answerExamEvent }],
]);

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** body-parser's strict check: the first character after JSON whitespace */
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;
const CROSS_SITE = "请求来源无法验证，请刷新页面后重试。(cross-site request refused)";

export function createHotPath(options: { trustProxy: boolean; cookieSecure: boolean }) {
  const securityHeaders: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(options.cookieSecure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };

  // Every answer is personal JSON: Cache-Control: private, no-store (server/request-limits.ts), as Express's.
  const send = (res: ServerResponse, status: number, body: unknown, cookie: string | null) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      ...securityHeaders,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": NO_STORE,
    };
    if (cookie) headers["Set-Cookie"] = cookie;
    res.writeHead(status, headers);
    res.end(text);
  };

  async function serve(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
    const h = req.headers;
    const forwardedHost = typeof h["x-forwarded-host"] === "string" ? h["x-forwarded-host"] : undefined;
    const protocol = requestProtocol(h["x-forwarded-proto"], Boolean((req.socket as { encrypted?: boolean }).encrypted), options.trustProxy);
    if (!isSameOriginMemo({ origin: h.origin, referer: h.referer, host: forwardedHost && options.trustProxy ? forwardedHost : h.host, protocol })) {
      req.resume();
      res.writeHead(403, { ...securityHeaders, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE });
      res.end(CROSS_SITE);
      return;
    }
    const token = readSessionTokenFromCookie(h.cookie);
    const session = token ? await validateSessionCached(token) : null;
    const cookie = token && !session ? clearSessionCookie() : session?.renewed && token ? sessionCookie(token, session.expiresAt) : null;

    let text: string;
    try {
      text = await readBody(req, endpoint.limit);
    } catch {
      if (!res.headersSent && !res.destroyed) send(res, 400, { error: "bad_request" }, cookie);
      return;
    }
    // As express.json (strict): an empty body is {}, only an object or an array is taken.
    let body: unknown;
    try {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) body = {};
      else {
        const first = FIRST_CHAR.exec(text)?.[1];
        if (first !== "{" && first !== "[") throw new Error("neither an object nor an array");
        body = JSON.parse(text);
      }
    } catch {
      send(res, 400, { error: "bad_request" }, cookie);
      return;
    }
    const answer = await endpoint.answer(session, body);
    send(res, answer.status, answer.body, cookie);
  }

  /** Takes the request when it is a plain POST to a hot endpoint (and answers it); else returns false. */
  return function hotPath(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "POST") return false;
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const endpoint = HOT_ENDPOINTS.get(query === -1 ? url : url.slice(0, query));
    if (!endpoint) return false;
    const h = req.headers;
    const type = h["content-type"];
    const length = Number(h["content-length"]);
    if (!type || !JSON_TYPE.test(type)) return false;
    if (h["content-encoding"] && h["content-encoding"] !== "identity") return false;
    if (!Number.isInteger(length) || length < 0 || length > endpoint.limit) return false;
    serve(req, res, endpoint).catch((error) => {
      console.error(error);
      if (!res.headersSent && !res.destroyed) send(res, 500, { error: "internal" }, null);
      else res.destroy();
    });
    return true;
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("aborted")));
  });
}

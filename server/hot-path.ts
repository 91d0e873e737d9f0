import type { IncomingMessage, ServerResponse } from "node:http";
import { validateSessionCached } from "../app/modules/auth/session-cache.server";
import { clearSessionCookie, readSessionTokenFromCookie, sessionCookie } from "../app/modules/auth/session.server";
import { answerStudyBeat } from "../app/modules/hours/beat-endpoint.server";
import { isSameOrigin } from "./same-origin";

/**
 * The study heartbeat in front of Express (docs/decisions/008, DESIGN §5: hot paths may be served
 * by lean handlers in the same Node server). It does what the Express route does — the same-origin
 * check, the shared session lookup (with its Set-Cookie on renewal or expiry), a JSON body of at
 * most 4 KB, the same answers — without Express's router, body-parser and response helpers, which
 * cost more CPU than the beat itself.
 *
 * Only the plain case is taken: `POST /api/study/beat` with a JSON body of a declared length and
 * no content encoding. Anything else is left to Express (the route there answers as before).
 */
const PATH = "/api/study/beat";
const BODY_LIMIT = 4 * 1024;

export function createHotPath(options: { trustProxy: boolean; cookieSecure: boolean }) {
  const securityHeaders: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(options.cookieSecure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };

  const send = (res: ServerResponse, status: number, body: unknown, cookie: string | null, extra: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...securityHeaders,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      ...(cookie ? { "Set-Cookie": cookie } : {}),
      ...extra,
    });
    res.end(text);
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const h = req.headers;
    const forwardedHost = typeof h["x-forwarded-host"] === "string" ? h["x-forwarded-host"] : undefined;
    if (!isSameOrigin({ origin: h.origin, referer: h.referer, host: forwardedHost && options.trustProxy ? forwardedHost : h.host })) {
      req.resume();
      res.writeHead(403, { ...securityHeaders, "Content-Type": "text/plain; charset=utf-8" });
      res.end("请求来源无法验证，请刷新页面后重试。(cross-site request refused)");
      return;
    }
    const token = readSessionTokenFromCookie(h.cookie);
    const session = token ? await validateSessionCached(token) : null;
    const cookie = token && !session ? clearSessionCookie() : session?.renewed && token ? sessionCookie(token, session.expiresAt) : null;

    let text: string;
    try {
      text = await readBody(req);
    } catch {
      if (!res.headersSent && !res.destroyed) send(res, 400, { error: "bad_request" }, cookie);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, { error: "bad_request" }, cookie);
      return;
    }
    const answer = await answerStudyBeat(session, body);
    send(res, answer.status, answer.body, cookie, answer.status === 200 ? { "Cache-Control": "no-store" } : {});
  }

  /** Takes the request when it is a plain heartbeat (and answers it); else returns false. */
  return function hotPath(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "POST") return false;
    const url = req.url ?? "";
    const query = url.indexOf("?");
    if ((query === -1 ? url : url.slice(0, query)) !== PATH) return false;
    const h = req.headers;
    const type = h["content-type"];
    const length = Number(h["content-length"]);
    if (!type || !/^application\/json\s*(;|$)/i.test(type)) return false;
    if (h["content-encoding"] && h["content-encoding"] !== "identity") return false;
    if (!Number.isInteger(length) || length < 0 || length > BODY_LIMIT) return false;
    serve(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent && !res.destroyed) send(res, 500, { error: "internal" }, null);
      else res.destroy();
    });
    return true;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("aborted")));
  });
}

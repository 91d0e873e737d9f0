import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonError, TransportErrorCode } from "../app/contracts/json-errors";
import { answerExamEvent, answerExamSave } from "./endpoints/exam-save";
import { answerAttention, answerStudyBeat } from "./endpoints/study-beat";
import type { JsonEndpoint } from "./endpoints/types";
import { refuseAsTooLarge, refusedAsTooLarge } from "./request-guard";
import { JSON_ENDPOINT_LIMITS, NO_STORE } from "./request-limits";
import { log } from "../app/modules/observability/log.server";
import { noteUser, requestIdOf } from "./observability";
import { baseSecurityHeaders, passesSameOrigin, resolveSession, type WebPolicyOptions } from "./web-policy";

/**
 * The JSON endpoints, answered completely in front of Express (docs/decisions/008, 011, 027; DESIGN
 * §5: hot paths may be served by lean handlers in the same Node server): the study heartbeat and
 * its attention check, exam answer saves and leave-page events. Express has no route for them.
 *
 * Before this, server/request-guard.ts has applied the body cap — each endpoint's own limit
 * (JSON_ENDPOINT_LIMITS in server/request-limits.ts): 413 `tooLarge` by the declared length before a
 * byte is read, or counted as a chunked body streams. Then here, in this order:
 * - not POST → 405 `methodNotAllowed`;
 * - cross-site (Origin, or Referer, not this site; server/web-policy.ts as Express) → 403 `crossSite`;
 * - a Content-Encoding other than identity → 415 `unsupportedEncoding`;
 * - not `application/json` with no charset or UTF-8 → 415 `unsupportedMediaType`;
 * - the session (shared cache; its Set-Cookie on renewal or expiry goes with every answer from here);
 * - the body, declared or chunked, read whole, parsed as express.json (strict) did: empty = `{}`, a
 *   BOM dropped, only an object or an array at the top, else 400 `malformedJson`;
 * - the endpoint (server/endpoints/*): its status and body (its contract in app/contracts/).
 * Every answer is JSON with the base security headers and `Cache-Control: private, no-store`; the
 * error bodies are codes (app/contracts/json-errors.ts) that the pages word from their catalogs.
 * A failure of the server is 500 `internal`.
 */

const ENDPOINTS: ReadonlyMap<string, JsonEndpoint<unknown>> = new Map<string, JsonEndpoint<unknown>>([
  ["/api/study/beat", answerStudyBeat],
  ["/api/study/attention", answerAttention],
  ["/api/exam/save", answerExamSave],
  ["/api/exam/event", answerExamEvent],
]);
for (const path of ENDPOINTS.keys())
  if (!JSON_ENDPOINT_LIMITS.has(path)) throw new Error(`${path}: no body limit in server/request-limits.ts`);

/** The paths the hot path answers (every method). */
export const JSON_ENDPOINT_PATHS: readonly string[] = [...ENDPOINTS.keys()];

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** body-parser's strict check: the first character after JSON whitespace */
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

export function createHotPath(options: WebPolicyOptions) {
  const securityHeaders = baseSecurityHeaders(options);

  const send = (res: ServerResponse, status: number, body: unknown, cookie: string | null, extra?: Record<string, string>) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      ...securityHeaders,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": NO_STORE,
      ...extra,
    };
    if (cookie) headers["Set-Cookie"] = cookie;
    res.writeHead(status, headers);
    res.end(text);
  };
  /** A refusal before the body is read: the body is discarded (drained, never kept) and the connection stays usable. */
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, code: TransportErrorCode, extra?: Record<string, string>) => {
    req.resume();
    send(res, status, { error: code } satisfies JsonError, null, extra);
  };

  async function serve(req: IncomingMessage, res: ServerResponse, endpoint: JsonEndpoint<unknown>, limit: number): Promise<void> {
    const h = req.headers;
    if (req.method !== "POST") return refuse(req, res, 405, "methodNotAllowed", { Allow: "POST" });
    if (!passesSameOrigin(req, options)) return refuse(req, res, 403, "crossSite");
    const encoding = h["content-encoding"];
    if (encoding !== undefined && encoding.toLowerCase() !== "identity") return refuse(req, res, 415, "unsupportedEncoding");
    const type = h["content-type"];
    if (!type || !JSON_TYPE.test(type)) return refuse(req, res, 415, "unsupportedMediaType");

    const { session, setCookie } = await resolveSession(h.cookie);
    noteUser(res, session?.actor.userId);

    let text: string;
    try {
      text = await readBody(req, res, limit);
    } catch {
      // refused as too large (the 413 is out), or the client went away: nothing to answer
      if (!res.headersSent && !res.destroyed && !refusedAsTooLarge(req))
        send(res, 400, { error: "malformedJson" } satisfies JsonError, setCookie);
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
      send(res, 400, { error: "malformedJson" } satisfies JsonError, setCookie);
      return;
    }
    const answer = await endpoint(session, body);
    send(res, answer.status, answer.body, setCookie);
  }

  /** Takes every request to a JSON endpoint (and answers it); else returns false. */
  return function hotPath(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const endpoint = ENDPOINTS.get(path);
    if (!endpoint) return false;
    serve(req, res, endpoint, JSON_ENDPOINT_LIMITS.get(path)!).catch((error) => {
      log.error({ err: error, reqId: requestIdOf(req) }, "json endpoint failed");
      if (!res.headersSent && !res.destroyed) send(res, 500, { error: "internal" } satisfies JsonError, null);
      else res.destroy();
    });
    return true;
  };
}

/**
 * The whole body as text. The guard (server/request-guard.ts) has already refused a declared length
 * over the limit and stops a chunked body at its first byte over it; the count here only matters
 * where the hot path runs without the guard in front, and answers the same 413.
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (refusedAsTooLarge(req)) return reject(new Error("body too large"));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        refuseAsTooLarge(req, res);
        reject(new Error("body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (error) => {
      done = true;
      reject(error);
    });
    // a body cut off (the guard's 413, a client gone): 'close' without 'end'
    req.on("close", () => {
      if (!done) {
        done = true;
        reject(new Error("body not complete"));
      }
    });
  });
}

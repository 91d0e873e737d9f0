import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { ValidSession } from "../app/modules/auth/session.server";
import { clearSessionCookie, readSessionTokenFromCookie, sessionCookie } from "../app/modules/auth/session.server";
import { validateSessionCached } from "../app/modules/auth/session-cache.server";
import { isSameOriginMemo, requestProtocol } from "./same-origin";

/**
 * What every request of the site meets, written once for both paths (docs/decisions/027): the JSON
 * endpoints answered in front of Express (server/hot-path.ts) and Express (server/index.ts) use the
 * functions below, Express through the middlewares built from them.
 * - the same-origin check on every mutation (server/same-origin.ts, docs/security.md 4.2.2);
 * - the security headers: the few every answer carries (`baseSecurityHeaders`), and for Express's
 *   HTML helmet configured from the same values plus the CSP with its per-response nonce;
 * - the session: the cookie's token validated through the shared cache and the Set-Cookie that
 *   renews it (or clears a cookie whose session is gone).
 */

export interface WebPolicyOptions {
  /** X-Forwarded-Host / -Proto are believed only behind a trusted proxy (TRUST_PROXY > 0) */
  trustProxy: boolean;
  /** production over https: HSTS (and the `__Host-` cookie, app/modules/auth/session-token.ts) */
  cookieSecure: boolean;
}

const REFERRER_POLICY = "strict-origin-when-cross-origin";
const HSTS_MAX_AGE = 31_536_000;

/** The headers every answer carries (a JSON answer needs no more: no HTML, so no CSP). */
export function baseSecurityHeaders(options: Pick<WebPolicyOptions, "cookieSecure">): Readonly<Record<string, string>> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": REFERRER_POLICY,
    ...(options.cookieSecure ? { "Strict-Transport-Security": `max-age=${HSTS_MAX_AGE}; includeSubDomains` } : {}),
  };
}

/** Helmet for Express's pages: the same base headers (same values), plus the CSP with the response's nonce. */
export function pageSecurityHeaders(options: WebPolicyOptions & { dev: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`],
        styleSrc: options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: options.dev ? ["'self'", "ws:"] : ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(options.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xContentTypeOptions: true,
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: REFERRER_POLICY },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: options.cookieSecure ? { maxAge: HSTS_MAX_AGE, includeSubDomains: true } : false,
  });
}

/** Whether a request may change something: a GET/HEAD/OPTIONS always; else its Origin (or Referer) must be this site. */
export function passesSameOrigin(req: IncomingMessage, options: Pick<WebPolicyOptions, "trustProxy">): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return true;
  const h = req.headers;
  const forwardedHost = options.trustProxy && typeof h["x-forwarded-host"] === "string" ? h["x-forwarded-host"] : undefined;
  const protocol = requestProtocol(h["x-forwarded-proto"], Boolean((req.socket as { encrypted?: boolean }).encrypted), options.trustProxy);
  return isSameOriginMemo({ origin: h.origin, referer: h.referer, host: forwardedHost || h.host, protocol });
}

/**
 * The refusal of a cross-site mutation for a person's browser (a form post from another site, or a
 * page that lost its origin): a plain page in the catalog's words (errors.csrf), as the guard's 413
 * — a form post without JavaScript has nothing else to show it. The JSON endpoints answer the code
 * `crossSite` instead, which their pages word.
 */
export const CROSS_SITE_TEXT = "请求来源无法验证，请刷新页面后重试。(cross-site request refused)";

export interface ResolvedSession {
  session: ValidSession | null;
  /** the Set-Cookie to send: a renewal, or the clearing of a cookie whose session is gone */
  setCookie: string | null;
}

const NO_SESSION: ResolvedSession = { session: null, setCookie: null };

/** The request's session, validated once (cached 5 s, app/modules/auth/session-cache.server.ts) and renewed here. */
export async function resolveSession(cookieHeader: string | undefined): Promise<ResolvedSession> {
  const token = readSessionTokenFromCookie(cookieHeader);
  if (!token) return NO_SESSION;
  const session = await validateSessionCached(token);
  if (!session) return { session: null, setCookie: clearSessionCookie() };
  return { session, setCookie: session.renewed ? sessionCookie(token, session.expiresAt) : null };
}

/** The same-origin check as Express middleware (403 plain text). */
export function sameOriginOnly(options: Pick<WebPolicyOptions, "trustProxy">): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (passesSameOrigin(req, options)) return next();
    res.status(403).type("text/plain; charset=utf-8").send(CROSS_SITE_TEXT);
  };
}

/** The session lookup as Express middleware: `res.locals.session`, and the Set-Cookie when there is one. */
export function sessionFromCookie(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    resolveSession(req.headers.cookie).then(({ session, setCookie }) => {
      res.locals.session = session;
      if (setCookie) res.append("Set-Cookie", setCookie);
      next();
    }, next);
  };
}

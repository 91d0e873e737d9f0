import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { hash } from "node:crypto";

/**
 * Session tokens as the Lucia project documents them: 20 random bytes (160 bits) base32-encoded
 * in the cookie; only the SHA-256 of the token is stored as the session id, so a leaked database
 * does not leak live sessions.
 *
 * Lifetime (ASVS 4.0.3 V3.3.2; docs/decisions/016): a session ends 12 hours after it was last
 * used (idle timeout) and in any case 30 days after sign-in (absolute lifetime, `expires_at`, which
 * never moves, and is also the cookie's Expires). Use is recorded in `last_seen_at` at most every
 * 5 minutes (SESSION_TOUCH_INTERVAL_MS), so an active person costs one small UPDATE per 5 minutes,
 * and the idle timeout holds to within those 5 minutes.
 */
export const SESSION_IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id: the token's SHA-256 in lower-case hex (node:crypto; every request computes it). */
export function sessionIdFromToken(token: string): string {
  return hash("sha256", token, "hex");
}

export interface SessionTimes {
  /** the absolute end: sign-in + 30 days */
  expiresAt: Date;
  /** the last recorded use */
  lastSeenAt: Date;
}

export type SessionDecision = { state: "expired"; reason: "absolute" | "idle" } | { state: "valid" } | { state: "touch" };

/**
 * Whether a session may be used now: refused at its absolute end or after 12 hours unused;
 * `touch` when its last use is older than the touch interval (record `now` as last seen).
 */
export function decideSession(session: SessionTimes, now: Date): SessionDecision {
  const t = now.getTime();
  if (t >= session.expiresAt.getTime()) return { state: "expired", reason: "absolute" };
  const idle = t - session.lastSeenAt.getTime();
  if (idle >= SESSION_IDLE_TIMEOUT_MS) return { state: "expired", reason: "idle" };
  if (idle >= SESSION_TOUCH_INTERVAL_MS) return { state: "touch" };
  return { state: "valid" };
}

/**
 * The session cookie (ASVS V3.4): over https it is `__Host-hf_session` — the browser then insists
 * on Secure, Path=/ and no Domain, so no other site or subdomain can set or shadow it; on plain
 * http (localhost, a LAN trial) it cannot carry that prefix and is `hf_session`. HttpOnly and
 * SameSite=Lax always. Expires is the session's absolute end.
 */
export const SESSION_COOKIE_PLAIN = "hf_session";
export const SESSION_COOKIE_HOST = "__Host-hf_session";

export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIE_HOST : SESSION_COOKIE_PLAIN;
}

export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${sessionCookieName(secure)}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

export function serializeClearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** The token in a Cookie header, under the one name this server uses (over https only the prefixed one). */
export function sessionTokenFromCookieHeader(header: string | null | undefined, secure: boolean): string | null {
  if (!header) return null;
  const wanted = sessionCookieName(secure);
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === wanted) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

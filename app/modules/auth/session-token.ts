import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { hash } from "node:crypto";

/**
 * Session tokens as the Lucia project documents them: 20 random bytes (160 bits) base32-encoded
 * in the cookie; only the SHA-256 of the token is stored as the session id, so a leaked database
 * does not leak live sessions.
 */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id: the token's SHA-256 in lower-case hex (node:crypto; every request computes it). */
export function sessionIdFromToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Sliding expiry: a session used in the second half of its life is extended to a full lifetime. */
export function decideSession(expiresAt: Date, now: Date): { state: "expired" } | { state: "valid" } | { state: "renew"; expiresAt: Date } {
  if (now >= expiresAt) return { state: "expired" };
  if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
    return { state: "renew", expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
  }
  return { state: "valid" };
}

import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import {
  decideSession,
  generateSessionToken,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  sessionIdFromToken,
  sessionTokenFromCookieHeader,
} from "./session-token";

describe("session tokens", () => {
  it("are random, 32 base32 characters, and stored only as a SHA-256 hash", () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(a).not.toBe(b);
    expect(sessionIdFromToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdFromToken(a)).toBe(sessionIdFromToken(a));
    expect(sessionIdFromToken(a)).not.toContain(a);
  });

  it("are identified by the SHA-256 the Lucia design specifies (ids stored before stay valid)", () => {
    for (const token of [generateSessionToken(), "abc", "令牌"]) {
      expect(sessionIdFromToken(token)).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(token))));
    }
  });
});

describe("session lifetime (decision 016)", () => {
  const signIn = new Date("2026-11-01T08:00:00Z");
  const expiresAt = new Date(signIn.getTime() + SESSION_ABSOLUTE_LIFETIME_MS);
  const at = (ms: number) => new Date(signIn.getTime() + ms);

  it("is 12 hours idle and 30 days in all", () => {
    expect(SESSION_IDLE_TIMEOUT_MS).toBe(12 * 3600_000);
    expect(SESSION_ABSOLUTE_LIFETIME_MS).toBe(30 * 24 * 3600_000);
  });

  it("is valid while recently used, and asks for last-seen to be recorded every 5 minutes", () => {
    expect(decideSession({ expiresAt, lastSeenAt: signIn }, at(60_000))).toEqual({ state: "valid" });
    expect(decideSession({ expiresAt, lastSeenAt: signIn }, at(SESSION_TOUCH_INTERVAL_MS - 1))).toEqual({ state: "valid" });
    expect(decideSession({ expiresAt, lastSeenAt: signIn }, at(SESSION_TOUCH_INTERVAL_MS))).toEqual({ state: "touch" });
    // a clock behind the last use is not idleness
    expect(decideSession({ expiresAt, lastSeenAt: at(10_000) }, signIn)).toEqual({ state: "valid" });
  });

  it("ends after 12 hours unused", () => {
    expect(decideSession({ expiresAt, lastSeenAt: signIn }, at(SESSION_IDLE_TIMEOUT_MS - 1))).toEqual({ state: "touch" });
    expect(decideSession({ expiresAt, lastSeenAt: signIn }, at(SESSION_IDLE_TIMEOUT_MS))).toEqual({ state: "expired", reason: "idle" });
  });

  it("ends 30 days after sign-in, however active the person is", () => {
    const day29 = at(SESSION_ABSOLUTE_LIFETIME_MS - 60_000);
    expect(decideSession({ expiresAt, lastSeenAt: day29 }, at(SESSION_ABSOLUTE_LIFETIME_MS - 1))).toEqual({ state: "valid" });
    expect(decideSession({ expiresAt, lastSeenAt: day29 }, at(SESSION_ABSOLUTE_LIFETIME_MS))).toEqual({
      state: "expired",
      reason: "absolute",
    });
  });
});

describe("the session cookie", () => {
  const token = "abcdefghijklmnopqrstuvwxyz234567";
  const expiresAt = new Date("2026-12-01T00:00:00Z");

  it("is __Host- prefixed over https: Secure, Path=/, no Domain", () => {
    const cookie = serializeSessionCookie(token, expiresAt, true);
    expect(cookie).toBe(`__Host-hf_session=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT; Secure`);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(serializeClearedSessionCookie(true)).toBe("__Host-hf_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("keeps the plain name on http (localhost), where the prefix cannot be used", () => {
    expect(serializeSessionCookie(token, expiresAt, false)).toBe(
      `hf_session=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT`,
    );
    expect(serializeClearedSessionCookie(false)).toBe("hf_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  });

  it("is read only under the name in use: over https an unprefixed cookie (set by anyone) is ignored", () => {
    expect(sessionTokenFromCookieHeader(`a=1; __Host-hf_session=${token}`, true)).toBe(token);
    expect(sessionTokenFromCookieHeader(`hf_session=${token}`, true)).toBeNull();
    expect(sessionTokenFromCookieHeader(`hf_session=${token}`, false)).toBe(token);
    expect(sessionTokenFromCookieHeader(`__Host-hf_session=${token}`, false)).toBeNull();
    expect(sessionTokenFromCookieHeader("hf_session=NOT-A-TOKEN", false)).toBeNull();
    expect(sessionTokenFromCookieHeader(null, true)).toBeNull();
  });
});

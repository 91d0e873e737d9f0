import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { decideSession, generateSessionToken, SESSION_LIFETIME_MS, sessionIdFromToken } from "./session-token";

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

  it("slide: extended in the second half of their life, refused after it", () => {
    const now = new Date("2026-11-23T00:00:00Z");
    const fresh = new Date(now.getTime() + SESSION_LIFETIME_MS - 1000);
    expect(decideSession(fresh, now)).toEqual({ state: "valid" });
    const old = new Date(now.getTime() + 24 * 3600 * 1000);
    expect(decideSession(old, now)).toEqual({ state: "renew", expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) });
    expect(decideSession(now, now)).toEqual({ state: "expired" });
  });
});

import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, passesSameOrigin } from "./web-policy";

const request = (method: string, headers: Record<string, string>, encrypted = false) =>
  ({ method, headers, socket: { encrypted } }) as unknown as IncomingMessage;

describe("passesSameOrigin (both paths: the hot path and Express's middleware)", () => {
  it("lets reads through and checks mutations against Host and the connection's scheme", () => {
    expect(passesSameOrigin(request("GET", { host: "a.example", origin: "https://evil.example" }), { trustProxy: false })).toBe(true);
    expect(passesSameOrigin(request("POST", { host: "a.example", origin: "http://a.example" }), { trustProxy: false })).toBe(true);
    expect(passesSameOrigin(request("POST", { host: "a.example", origin: "https://a.example" }), { trustProxy: false })).toBe(false);
    expect(passesSameOrigin(request("POST", { host: "a.example", origin: "https://a.example" }, true), { trustProxy: false })).toBe(true);
    expect(passesSameOrigin(request("POST", { host: "a.example", referer: "http://a.example/exams" }), { trustProxy: false })).toBe(true);
    expect(
      passesSameOrigin(request("POST", { host: "a.example", origin: "null", referer: "http://a.example/" }), { trustProxy: false }),
    ).toBe(false);
    expect(passesSameOrigin(request("POST", { host: "a.example" }), { trustProxy: false })).toBe(false);
  });
  it("believes X-Forwarded-Host and -Proto only behind a trusted proxy", () => {
    const forwarded = {
      host: "10.0.0.5:3000",
      "x-forwarded-host": "party.example",
      "x-forwarded-proto": "https",
      origin: "https://party.example",
    };
    expect(passesSameOrigin(request("POST", forwarded), { trustProxy: true })).toBe(true);
    expect(passesSameOrigin(request("POST", forwarded), { trustProxy: false })).toBe(false);
  });
});

describe("baseSecurityHeaders", () => {
  it("adds HSTS only over https", () => {
    expect(baseSecurityHeaders({ cookieSecure: false })).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(baseSecurityHeaders({ cookieSecure: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });
});

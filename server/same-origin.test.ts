import { describe, expect, it } from "vitest";
import { isSameOrigin, isSameOriginMemo, requestProtocol } from "./same-origin";

describe("same-origin check for mutations", () => {
  it("accepts a form from this site", () => {
    expect(isSameOrigin({ origin: "http://localhost:3000", host: "localhost:3000", protocol: "http" })).toBe(true);
    expect(isSameOrigin({ referer: "https://hongfan.example.cn/login", host: "hongfan.example.cn", protocol: "https" })).toBe(true);
    expect(isSameOrigin({ origin: "https://Hongfan.Example.cn", host: "hongfan.example.cn", protocol: "https" })).toBe(true);
    // default ports are the same origin
    expect(isSameOrigin({ origin: "https://hongfan.example.cn", host: "hongfan.example.cn:443", protocol: "https" })).toBe(true);
  });
  it("refuses other sites, opaque origins and requests without either header", () => {
    expect(isSameOrigin({ origin: "https://evil.example", host: "localhost:3000", protocol: "http" })).toBe(false);
    expect(isSameOrigin({ origin: "null", host: "localhost:3000", protocol: "http" })).toBe(false);
    expect(isSameOrigin({ host: "localhost:3000", protocol: "http" })).toBe(false);
    expect(isSameOrigin({ origin: "not a url", host: "localhost:3000", protocol: "http" })).toBe(false);
  });
  it("compares the scheme: https:// is not this http site, nor the other way round", () => {
    expect(isSameOrigin({ origin: "https://localhost:3000", host: "localhost:3000", protocol: "http" })).toBe(false);
    expect(isSameOrigin({ origin: "http://hongfan.example.cn", host: "hongfan.example.cn", protocol: "https" })).toBe(false);
    expect(isSameOrigin({ referer: "https://localhost:3000/login", host: "localhost:3000", protocol: "http" })).toBe(false);
  });
  it("compares the port", () => {
    expect(isSameOrigin({ origin: "http://localhost:3001", host: "localhost:3000", protocol: "http" })).toBe(false);
    expect(isSameOrigin({ origin: "http://localhost", host: "localhost:3000", protocol: "http" })).toBe(false);
  });
  it("refuses Origin: null even with a Referer of this site", () => {
    expect(
      isSameOrigin({ origin: "null", referer: "http://localhost:3000/exams/attempts/7", host: "localhost:3000", protocol: "http" }),
    ).toBe(false);
  });
  it("refuses without a known scheme or a plain host", () => {
    expect(isSameOrigin({ origin: "http://localhost:3000", host: "localhost:3000" })).toBe(false);
    expect(isSameOrigin({ origin: "http://localhost:3000", host: "localhost:3000", protocol: "ftp" })).toBe(false);
    expect(isSameOrigin({ origin: "http://evil.example", host: "evil.example/x@localhost:3000", protocol: "http" })).toBe(false);
  });
});

describe("requestProtocol", () => {
  it("believes X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(requestProtocol("https", false, false)).toBe("http");
    expect(requestProtocol("https", false, true)).toBe("https");
    expect(requestProtocol("https, http", false, true)).toBe("https");
    expect(requestProtocol(undefined, true, true)).toBe("https");
    expect(requestProtocol("gopher", false, true)).toBe("http");
    expect(requestProtocol(undefined, false, false)).toBe("http");
  });
});

describe("isSameOriginMemo", () => {
  it("gives isSameOrigin's verdict, also when asked again", () => {
    const cases = [
      { origin: "http://localhost:3000", host: "localhost:3000", protocol: "http" },
      { origin: "http://localhost:3000", host: "localhost:3000", protocol: "https" },
      { origin: "https://localhost:3000", host: "localhost:3000", protocol: "http" },
      { origin: "https://localhost:3000", host: "localhost:3000", protocol: "https" },
      { origin: "https://evil.example", host: "localhost:3000", protocol: "http" },
      { origin: "null", referer: "http://localhost:3000/exams/attempts/7", host: "localhost:3000", protocol: "http" },
      { referer: "http://localhost:3000/exams/attempts/7", host: "localhost:3000", protocol: "http" },
      { origin: "null", referer: "https://evil.example/x", host: "localhost:3000", protocol: "http" },
      { host: "localhost:3000", protocol: "http" },
    ];
    for (let round = 0; round < 2; round++) for (const c of cases) expect(isSameOriginMemo(c), JSON.stringify(c)).toBe(isSameOrigin(c));
  });
});

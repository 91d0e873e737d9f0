import { describe, expect, it } from "vitest";
import { isSameOrigin, isSameOriginMemo } from "./same-origin";

describe("same-origin check for mutations", () => {
  it("accepts a form from this site", () => {
    expect(isSameOrigin({ origin: "http://localhost:3000", host: "localhost:3000" })).toBe(true);
    expect(isSameOrigin({ referer: "https://hongfan.example.cn/login", host: "hongfan.example.cn" })).toBe(true);
  });
  it("refuses other sites, opaque origins and requests without either header", () => {
    expect(isSameOrigin({ origin: "https://evil.example", host: "localhost:3000" })).toBe(false);
    expect(isSameOrigin({ origin: "null", host: "localhost:3000" })).toBe(false);
    expect(isSameOrigin({ host: "localhost:3000" })).toBe(false);
    expect(isSameOrigin({ origin: "not a url", host: "localhost:3000" })).toBe(false);
  });
});

describe("isSameOriginMemo", () => {
  it("gives isSameOrigin's verdict, also when asked again", () => {
    const cases = [
      { origin: "http://localhost:3000", host: "localhost:3000" },
      { origin: "https://evil.example", host: "localhost:3000" },
      { origin: "null", referer: "http://localhost:3000/exams/attempts/7", host: "localhost:3000" },
      { origin: "null", referer: "https://evil.example/x", host: "localhost:3000" },
      { host: "localhost:3000" },
    ];
    for (let round = 0; round < 2; round++) for (const c of cases) expect(isSameOriginMemo(c), JSON.stringify(c)).toBe(isSameOrigin(c));
  });
});

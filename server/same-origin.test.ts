import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

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

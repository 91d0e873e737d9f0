import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "./forms";

const ORIGIN = "http://hongfan.example";

/** What makes a redirect target safe, checked the way a browser reads a Location header. */
function expectSafe(result: string) {
  expect(result.startsWith("/")).toBe(true);
  expect(result.startsWith("//")).toBe(false);
  expect(result).not.toMatch(/[\u0000-\u001f\u007f-\u009f\s\\]/);
  // A browser drops tabs and newlines and reads "\" as "/" before resolving: none left to drop.
  const asBrowser = result.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  expect(new URL(asBrowser, ORIGIN).origin).toBe(ORIGIN);
  expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
  // Once percent-decoded, the path still starts with one "/" and has no control characters.
  const path = result.split(/[?#]/, 1)[0];
  const decoded = decodeURIComponent(path);
  expect(decoded.startsWith("//")).toBe(false);
  expect(decoded).not.toMatch(/[\u0000-\u001f\u007f-\u009f\s\\]/);
}

describe("safeRedirect", () => {
  it("keeps paths of this site", () => {
    expect(safeRedirect("/exams")).toBe("/exams");
    expect(safeRedirect("/exams/attempts/7?tab=2#q3")).toBe("/exams/attempts/7?tab=2#q3");
    expect(safeRedirect("/question-banks?q=%E5%85%9A%E5%BB%BA")).toBe("/question-banks?q=%E5%85%9A%E5%BB%BA");
    // non-ASCII is percent-encoded, so it is always a valid Location header
    expect(safeRedirect("/课程")).toBe("/%E8%AF%BE%E7%A8%8B");
  });

  it("refuses the known payloads", () => {
    const payloads = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/%09/evil.example",
      "\t",
      "\n",
      "/\n",
      "/a\nSet-Cookie: x=1",
      "/\r\n/evil.example",
      "https://evil.example",
      "http://hongfan.example/x",
      "/%5Cevil.example",
      "/%5cevil.example",
      "/%2F/evil.example",
      "///evil.example",
      "/.//evil.example",
      "/./%2F/evil.example",
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " /exams",
      "/ex ams",
      "/\u00a0/evil.example",
      "/\u2028/evil.example",
      "/%E0%A4%A",
      "",
      "exams",
    ];
    for (const payload of payloads) expect(safeRedirect(payload), JSON.stringify(payload)).toBe("/");
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
  });

  it("is always a same-origin path for arbitrary strings (fuzzed)", () => {
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      "\t",
      "\n",
      "\r",
      " ",
      "%09",
      "%0a",
      "%5C",
      "%2F",
      "%2f",
      "%",
      ".",
      "..",
      ":",
      "@",
      "?",
      "#",
      "evil.example",
      "javascript:",
      "https:",
      "\u0000",
      "\u00a0",
      "\u3000",
      "a",
      "课",
    );
    const crafted = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
    const property = (input: string) => expectSafe(safeRedirect(input));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), property), { numRuns: 2000 });
    fc.assert(fc.property(crafted, property), { numRuns: 5000 });
    // and the percent-decoded form of whatever arrives, as a query string would hand it over
    fc.assert(
      fc.property(crafted, (input) => {
        let decoded: string;
        try {
          decoded = decodeURIComponent(input);
        } catch {
          return;
        }
        expectSafe(safeRedirect(decoded));
      }),
      { numRuns: 5000 },
    );
  });
});

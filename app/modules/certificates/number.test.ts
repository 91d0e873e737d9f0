import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCertificateNumber, mod11_2, parseCertificateNumber, type CertificateNumberParts } from "./number";
import { LEVELS } from "../exams/types";

const parts = fc.record<CertificateNumberParts>({
  countyCode: fc.stringMatching(/^[1-6][0-9]{5}$/),
  year: fc.integer({ min: 2000, max: 2099 }),
  level: fc.constantFrom(...LEVELS),
  seq: fc.integer({ min: 1, max: 9999 }),
});

describe("certificate numbers (decision 015)", () => {
  it("formats county code, year, level digit, 4-digit sequence and a check character", () => {
    const n = formatCertificateNumber({ countyCode: "370829", year: 2026, level: "junior", seq: 7 });
    expect(n).toMatch(/^HF370829-2026-1-0007-[0-9X]$/);
    expect(n.at(-1)).toBe(mod11_2("370829202610007"));
  });

  it("uses ISO 7064 MOD 11-2 as the resident ID number does", () => {
    // GB 11643 example: 11010519491231002 → X
    expect(mod11_2("11010519491231002")).toBe("X");
    expect(mod11_2("44052418800101001")).toBe("4");
  });

  it("refuses sequences and codes outside the format", () => {
    expect(() => formatCertificateNumber({ countyCode: "370829", year: 2026, level: "junior", seq: 0 })).toThrow();
    expect(() => formatCertificateNumber({ countyCode: "370829", year: 2026, level: "junior", seq: 10000 })).toThrow();
    expect(() => formatCertificateNumber({ countyCode: "37082", year: 2026, level: "junior", seq: 1 })).toThrow();
  });

  it("parses what it formats, forgiving case, spaces, full-width characters and missing hyphens", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = formatCertificateNumber(p);
        const parsed = parseCertificateNumber(n);
        expect(parsed).toEqual({ ok: true, number: n, parts: p });
        expect(parseCertificateNumber(` ${n.toLowerCase().replaceAll("-", "")} `)).toEqual(parsed);
        const fullWidth = [...n].map((c) => (/[0-9A-Z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : "－")).join("");
        expect(parseCertificateNumber(fullWidth)).toEqual(parsed);
      }),
    );
  });

  it("catches every single mistyped character", () => {
    const alphabet = [..."0123456789X-HFA"];
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...alphabet), (p, at, replacement) => {
        const n = formatCertificateNumber(p);
        const i = at % n.length;
        fc.pre(n[i] !== replacement);
        const typo = n.slice(0, i) + replacement + n.slice(i + 1);
        expect(parseCertificateNumber(typo).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("catches every swap of two adjacent characters", () => {
    fc.assert(
      fc.property(parts, fc.nat(), (p, at) => {
        const n = formatCertificateNumber(p);
        const i = at % (n.length - 1);
        fc.pre(n[i] !== n[i + 1]);
        const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        expect(parseCertificateNumber(swapped).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("tells a wrong check character from a malformed number", () => {
    const n = formatCertificateNumber({ countyCode: "370829", year: 2026, level: "intermediate", seq: 12 });
    const wrong = n.slice(0, -1) + (n.at(-1) === "1" ? "2" : "1");
    expect(parseCertificateNumber(wrong)).toEqual({ ok: false, reason: "check" });
    expect(parseCertificateNumber("HF370829-2026")).toEqual({ ok: false, reason: "format" });
    expect(parseCertificateNumber("")).toEqual({ ok: false, reason: "format" });
  });
});

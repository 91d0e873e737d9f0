import type { Level } from "../exams/types";

/**
 * Certificate numbers (证书编号), decision 015: `HF<county code>-<year>-<level digit>-<seq>-<check>`,
 * e.g. `HF370829-2026-1-0007-5`. The check character is ISO 7064 MOD 11-2 over the 15 digits
 * (county code, year, level digit, 4-digit sequence) — the scheme of the resident ID number, so
 * its `X` is familiar — and catches every single mistyped digit and every swap of two adjacent
 * digits. Pure.
 */

export const LEVEL_DIGITS: Readonly<Record<Level, string>> = { junior: "1", intermediate: "2", senior: "3" };
const DIGIT_LEVELS: Readonly<Record<string, Level>> = { "1": "junior", "2": "intermediate", "3": "senior" };
export const MAX_SEQ = 9999;

export interface CertificateNumberParts {
  countyCode: string;
  year: number;
  level: Level;
  seq: number;
}

/** ISO 7064 MOD 11-2 check character of a digit string: 0–9 or X. */
export function mod11_2(digits: string): string {
  if (!/^[0-9]+$/.test(digits)) throw new Error("mod11_2 takes digits");
  let p = 0;
  for (const ch of digits) p = ((p + Number(ch)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? "X" : String(check);
}

function payload(parts: CertificateNumberParts): string {
  return `${parts.countyCode}${parts.year}${LEVEL_DIGITS[parts.level]}${String(parts.seq).padStart(4, "0")}`;
}

export function formatCertificateNumber(parts: CertificateNumberParts): string {
  if (!/^[0-9]{6}$/.test(parts.countyCode)) throw new Error(`county code must be 6 digits: ${parts.countyCode}`);
  if (!Number.isInteger(parts.year) || parts.year < 2000 || parts.year > 9999) throw new Error(`year out of range: ${parts.year}`);
  if (!Number.isInteger(parts.seq) || parts.seq < 1 || parts.seq > MAX_SEQ) throw new Error(`sequence out of range: ${parts.seq}`);
  const p = payload(parts);
  return `HF${parts.countyCode}-${parts.year}-${LEVEL_DIGITS[parts.level]}-${p.slice(11)}-${mod11_2(p)}`;
}

export type ParseResult = { ok: true; number: string; parts: CertificateNumberParts } | { ok: false; reason: "format" | "check" };

/**
 * What a person typed or scanned → the canonical number, or why not: "format" (not the shape of a
 * number) or "check" (the shape is right but a character is wrong — caught before any lookup).
 * Forgiving about case, full-width characters, spaces and the kind of dash; hyphens may be left out.
 */
export function parseCertificateNumber(input: string): ParseResult {
  const cleaned = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\u00a0]+/g, "")
    .replace(/[‐‑‒–—―−ー－_]/g, "-");
  const m = /^HF([0-9]{6})-?([0-9]{4})-?([0-9])-?([0-9]{4})-?([0-9X])$/.exec(cleaned);
  if (!m) return { ok: false, reason: "format" };
  const [, countyCode, year, levelDigit, seq, check] = m;
  const level = DIGIT_LEVELS[levelDigit];
  if (!level || Number(seq) < 1 || Number(year) < 2000) {
    // a wrong level digit or an all-zero sequence is a mistyped character: say so as the check would
    return { ok: false, reason: mod11_2(`${countyCode}${year}${levelDigit}${seq}`) === check ? "format" : "check" };
  }
  if (mod11_2(`${countyCode}${year}${levelDigit}${seq}`) !== check) return { ok: false, reason: "check" };
  const parts = { countyCode, year: Number(year), level, seq: Number(seq) };
  return { ok: true, number: formatCertificateNumber(parts), parts };
}

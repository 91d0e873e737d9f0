import type { Level } from "../exams/types";
import { maskName } from "./mask";
import type { CertificateEventKind, CertificateStatus } from "./status";

/**
 * What the public verification page (/verify/<number>) shows of a certificate: level, county,
 * issue date, current status (with when, to what level, and one public word for a revocation)
 * and the holder's name masked — nothing else personal. Pure.
 */

/** The public words for why a certificate was revoked; the admin's own reason text is never shown. */
export const PUBLIC_REASONS = ["regrade", "misconduct", "request", "assessment", "other"] as const;
export type PublicReason = (typeof PUBLIC_REASONS)[number];

export type PublicStatus =
  | { kind: "valid" }
  | { kind: "on_hold"; at: string }
  | { kind: "superseded"; at: string; toLevel: Level | null }
  | { kind: "downgraded"; at: string; toLevel: Level | null }
  | { kind: "revoked"; at: string; reason: PublicReason };

export interface PublicCertificate {
  number: string;
  level: Level;
  countyName: string;
  issuedAt: string;
  maskedName: string;
  status: PublicStatus;
}

/** The row the lookup returns (verify.server.ts). */
export interface VerifyRow {
  number: string;
  level: Level;
  status: CertificateStatus;
  county_name: string;
  holder_name: string;
  issued_ms: number;
  last_kind: CertificateEventKind;
  last_ms: number;
  last_data: string | null;
  /** level of the certificate that replaced this one (superseded / downgraded), if any */
  next_level: Level | null;
  /** the certificate went through a hold (a regrade turned the pass into a fail) */
  was_held: boolean;
}

const LEVELS = new Set(["junior", "intermediate", "senior"]);

function dataOf(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The public word for a revocation: `data.publicReason` when it is one of the words, a regrade after a hold, else "other". */
export function publicReasonOf(data: Record<string, unknown>, wasHeld: boolean): PublicReason {
  const given = data.publicReason;
  if (typeof given === "string" && (PUBLIC_REASONS as readonly string[]).includes(given)) return given as PublicReason;
  return wasHeld ? "regrade" : "other";
}

export function publicCertificate(row: VerifyRow): PublicCertificate {
  const at = new Date(Number(row.last_ms)).toISOString();
  const data = dataOf(row.last_data);
  const named = [row.next_level, data.byLevel, data.toLevel].find((l): l is Level => typeof l === "string" && LEVELS.has(l)) ?? null;
  const status: PublicStatus =
    row.status === "valid"
      ? { kind: "valid" }
      : row.status === "on_hold"
        ? { kind: "on_hold", at }
        : row.status === "superseded"
          ? { kind: "superseded", at, toLevel: named }
          : row.status === "downgraded"
            ? { kind: "downgraded", at, toLevel: named }
            : { kind: "revoked", at, reason: publicReasonOf(data, Boolean(row.was_held)) };
  return {
    number: row.number,
    level: row.level,
    countyName: row.county_name,
    issuedAt: new Date(Number(row.issued_ms)).toISOString(),
    maskedName: maskName(row.holder_name),
    status,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** 2026年5月3日 / May 3, 2026 (the calendar day in Asia/Shanghai). */
export function longDate(value: string, locale: string): string {
  let f = formatters.get(locale);
  if (!f)
    formatters.set(
      locale,
      (f = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" })),
    );
  return f.format(new Date(value));
}

/** Colours of the status box (Tailwind classes; the React page and the lean page use the same). */
export const STATUS_TONE: Readonly<Record<PublicStatus["kind"], string>> = {
  valid: "border-green-700 bg-green-50 text-green-900",
  on_hold: "border-amber-600 bg-amber-50 text-amber-900",
  superseded: "border-stone-500 bg-stone-100 text-stone-900",
  downgraded: "border-stone-500 bg-stone-100 text-stone-900",
  revoked: "border-red-700 bg-red-50 text-red-900",
};

/** The sentence under the status, as a catalog key and its values. */
export function statusDetail(s: PublicStatus, locale: string): { key: string; values: Record<string, string> } {
  if (s.kind === "valid") return { key: "verify.validDetail", values: {} };
  const date = longDate(s.at, locale);
  if (s.kind === "on_hold") return { key: "verify.onHoldDetail", values: { date } };
  if (s.kind === "revoked") return { key: "verify.revokedDetail", values: { date, reasonKey: `verify.reasons.${s.reason}` } };
  return s.toLevel
    ? { key: `verify.${s.kind}To`, values: { date, levelKey: `certificates.levels.${s.toLevel}` } }
    : { key: `verify.${s.kind}Detail`, values: { date } };
}

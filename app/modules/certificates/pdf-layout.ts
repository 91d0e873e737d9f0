import type { Level } from "../exams/types";
import type { CertificateStatus } from "./status";

/**
 * What the certificate PDF says and where (pure; pdf.server.ts draws it). A4 landscape in points
 * (1/72 inch), the shape of a printed 证书.
 */

export const PAGE = { width: 841.89, height: 595.28 } as const;

export const LEVEL_TITLES: Readonly<Record<Level, string>> = {
  junior: "初级红帆领航员",
  intermediate: "中级红帆领航员",
  senior: "高级红帆领航员",
};

export const CERTIFICATE_TITLE = "红帆领航员证书";

/**
 * The issuing body: the county's Party committee organization department, from the county's name
 * (嘉祥县 → 中共嘉祥县委组织部, 曲阜市 → 中共曲阜市委组织部, 任城区 → 中共任城区委组织部).
 */
export function issuingBody(countyName: string): string {
  const name = countyName.normalize("NFC").trim();
  if (!name) throw new Error("a county has a name");
  return `中共${name}委组织部`;
}

/** The public verification URL a certificate's QR code opens: `<origin>/verify/<number>`. */
export function verifyUrl(origin: string, number: string): string {
  const base = new URL(origin);
  if (base.protocol !== "https:" && base.protocol !== "http:") throw new Error(`not a web origin: ${origin}`);
  return `${base.origin}/verify/${encodeURIComponent(number)}`;
}

/** The issue date as printed: 2026年5月3日 (the calendar day in Asia/Shanghai). */
export function printedDate(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 3600_000);
  return `${shanghai.getUTCFullYear()}年${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日`;
}

/** The sentence of the certificate's body, in three runs (the name is drawn bold). */
export function bodyRuns(holderName: string, organizationName: string, level: Level): { text: string; bold: boolean }[] {
  return [
    { text: "兹证明 ", bold: false },
    { text: holderName.normalize("NFC").trim(), bold: true },
    {
      text: ` 同志（${organizationName.normalize("NFC").trim()}）参加红帆领航员培训，经考核合格，具备${LEVEL_TITLES[level]}资格，特发此证。`,
      bold: false,
    },
  ];
}

/** A line across a certificate that no longer stands (the QR code tells the current status). */
export function statusNote(status: CertificateStatus): string | null {
  switch (status) {
    case "valid":
      return null;
    case "on_hold":
      return "本证书暂停使用，待县委组织部复核（以扫码验证结果为准）";
    case "superseded":
      return "本证书已升级为更高级别证书，仅供存档";
    case "downgraded":
      return "本证书已降级，仅供存档";
    case "revoked":
      return "本证书已撤销，仅供存档";
  }
}

/** Characters of `text` the font has no glyph for (each once, in order; whitespace is not checked). */
export function missingCharacters(text: string, hasGlyph: (codePoint: number) => boolean): string[] {
  const missing: string[] = [];
  for (const ch of text.normalize("NFC")) {
    if (/\s/u.test(ch) || missing.includes(ch)) continue;
    if (!hasGlyph(ch.codePointAt(0)!)) missing.push(ch);
  }
  return missing;
}

/** The largest size from `start` down to `min` (in steps of 0.5 pt) at which `widthAt(size)` fits `maxWidth`. */
export function fitFontSize(widthAt: (size: number) => number, maxWidth: number, start: number, min: number): number {
  for (let size = start; size > min; size -= 0.5) if (widthAt(size) <= maxWidth) return size;
  return min;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A QR matrix (size × size, dark = true) as rectangles in a square of `side` points at (x, y):
 * horizontal runs of dark modules become one rectangle each (fewer path operators, no hairline
 * gaps between neighbours). Row 0 is at the top.
 */
export function qrRects(size: number, isDark: (row: number, col: number) => boolean, x: number, y: number, side: number): Rect[] {
  const m = side / size;
  const rects: Rect[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && isDark(row, col)) col++;
      rects.push({ x: x + start * m, y: y + row * m, w: (col - start) * m, h: m });
    }
  }
  return rects;
}

import type { NumericAnswer, NumericDraft } from "../../question";

/**
 * 数值题 (numeric), the pure rules: reading a number as candidates type it, the answer forms of
 * the files (GIFT `3:2`, `1..5`; the spreadsheet's 答案 cell in the same syntax, `3±2` too), and
 * the credit an input earns. No I/O.
 *
 * An accepted answer is `value ± tolerance` or a range `[min, max]`, worth `percent` of the mark
 * (100 = fully correct; less = partial credit, as GIFT's `=%50%3:1`). A candidate's input is the
 * number, optionally followed by a unit from the question's list (人, 个, %…); a unit not in the
 * list makes the answer wrong.
 */

/** The longest input a candidate may send (a number and a short unit). */
export const MAX_NUMERIC_INPUT_LENGTH = 50;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/i;
/** 1,234,567.5 — commas only as thousands separators. */
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)(?=\.|\D|$)/;

/** A unit as compared: NFKC (％ = %), no spaces, lower case. */
export function normalizeUnit(unit: string): string {
  return unit.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * Reads a typed number, Chinese-friendly: full-width digits and signs (NFKC), the minus sign −,
 * spaces anywhere, commas as thousands separators (1,000 or 1，000). Returns the number and the
 * text after it (the unit, normalised), or null when the input does not start with a number.
 */
export function readNumber(input: string): { value: number; rest: string } | null {
  let s = input
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013\uFE63]/g, "-")
    .replace(/\s+/g, "");
  const grouped = GROUPED.exec(s);
  if (grouped) s = grouped[1] + grouped[2].replace(/,/g, "") + s.slice(grouped[0].length);
  const m = NUMBER.exec(s);
  if (!m) return null;
  const value = Number(m[0]);
  if (!Number.isFinite(value)) return null;
  return { value, rest: normalizeUnit(s.slice(m[0].length)) };
}

export type NumericReading = { ok: true; value: number; unit: string } | { ok: false; reason: "empty" | "notNumber" | "unit" };

/** A candidate's input against the question's units: a number, and nothing after it or an accepted unit. */
export function readNumericInput(input: string, units: readonly string[]): NumericReading {
  if (input.trim() === "") return { ok: false, reason: "empty" };
  const read = readNumber(input);
  if (!read) return { ok: false, reason: "notNumber" };
  if (read.rest === "") return { ok: true, value: read.value, unit: "" };
  if (units.some((u) => normalizeUnit(u) === read.rest)) return { ok: true, value: read.value, unit: read.rest };
  return { ok: false, reason: "unit" };
}

/** Whether a number is within an accepted answer (with a relative epsilon for binary fractions). */
export function withinAnswer(value: number, answer: NumericAnswer): boolean {
  const [min, max] =
    answer.kind === "tolerance"
      ? [answer.value - Math.abs(answer.tolerance), answer.value + Math.abs(answer.tolerance)]
      : [answer.min, answer.max];
  const eps = 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
  return value >= min - eps && value <= max + eps;
}

/**
 * The percent of the mark an input earns: the best accepted answer it falls within (0 when none, or
 * when the input is not a number with an accepted unit). Without partial credit only 100 % answers
 * count.
 */
export function numericPercent(draft: Pick<NumericDraft, "answer" | "units">, input: string, partialCredit: boolean): number {
  const reading = readNumericInput(input, draft.units);
  if (!reading.ok) return 0;
  let best = 0;
  for (const answer of draft.answer) {
    if (!partialCredit && answer.percent < 100) continue;
    if (answer.percent > best && withinAnswer(reading.value, answer)) best = answer.percent;
  }
  return Math.min(100, best);
}

/** A number as our files write it: no exponent for ordinary values, no float noise. */
export function formatNumber(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/**
 * One answer's value part: `3` (exact), `3:2` or `3±2` (3 ± 2), `1..5` (range). Numbers as
 * `readNumber` reads them, with nothing after them. null when it is not one of these.
 */
export function parseNumericSpec(spec: string, percent = 100): NumericAnswer | null {
  const s = spec.normalize("NFKC").replace(/\s+/g, "");
  const whole = (t: string) => {
    const r = readNumber(t);
    return r && r.rest === "" ? r.value : null;
  };
  const range = /^(.+?)\.\.(.+)$/.exec(s);
  if (range) {
    const min = whole(range[1]);
    const max = whole(range[2]);
    return min === null || max === null ? null : { kind: "range", min, max, percent };
  }
  const tol = /^(.+?)(?::|±|\+-|\+\/-)(.+)$/.exec(s);
  if (tol) {
    const value = whole(tol[1]);
    const tolerance = whole(tol[2]);
    return value === null || tolerance === null ? null : { kind: "tolerance", value, tolerance, percent };
  }
  const value = whole(s);
  return value === null ? null : { kind: "tolerance", value, tolerance: 0, percent };
}

/** The value part of an answer as written in files: `3:2`, `3` (no tolerance), `1..5`. */
export function formatNumericSpec(answer: NumericAnswer): string {
  if (answer.kind === "range") return `${formatNumber(answer.min)}..${formatNumber(answer.max)}`;
  return answer.tolerance === 0 ? formatNumber(answer.value) : `${formatNumber(answer.value)}:${formatNumber(answer.tolerance)}`;
}

const PERCENT_PREFIX = /^\s*%(-?\d+(?:\.\d+)?)%/;

/**
 * The 答案 cell of a 数值题: answers separated by `|`, each a value part with an optional
 * `%percent%` prefix (`3:2|%50%3:5`). Returns the answers, or the first part that cannot be read.
 */
export function parseNumericCell(cell: string): { ok: true; answers: NumericAnswer[] } | { ok: false; value: string } {
  const answers: NumericAnswer[] = [];
  for (const raw of cell.split(/[|｜]/)) {
    const part = raw.trim();
    if (part === "") continue;
    const p = PERCENT_PREFIX.exec(part);
    const percent = p ? Number(p[1]) : 100;
    const answer = parseNumericSpec(p ? part.slice(p[0].length) : part, percent);
    if (!answer) return { ok: false, value: part };
    answers.push(answer);
  }
  return { ok: true, answers };
}

/** The inverse of `parseNumericCell`. */
export function numericCell(answers: readonly NumericAnswer[]): string {
  return answers.map((a) => (a.percent === 100 ? "" : `%${formatNumber(a.percent)}%`) + formatNumericSpec(a)).join("|");
}

/** The key in words for review pages and exports: `3 ± 2`, `1 – 5`, with the units. */
export function describeNumericAnswer(answer: NumericAnswer): string {
  if (answer.kind === "range") return `${formatNumber(answer.min)} ~ ${formatNumber(answer.max)}`;
  return answer.tolerance === 0 ? formatNumber(answer.value) : `${formatNumber(answer.value)} ± ${formatNumber(answer.tolerance)}`;
}

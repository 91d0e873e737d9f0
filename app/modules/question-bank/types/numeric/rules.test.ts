import { describe, expect, it } from "vitest";
import type { NumericAnswer, NumericDraft } from "../../question";
import {
  describeNumericAnswer,
  numericCell,
  numericPercent,
  parseNumericCell,
  parseNumericSpec,
  readNumber,
  readNumericInput,
  withinAnswer,
} from "./rules";

const exact = (value: number, percent = 100): NumericAnswer => ({ kind: "tolerance", value, tolerance: 0, percent });

describe("readNumber: numbers as candidates type them", () => {
  it("reads plain, signed, decimal and exponent numbers", () => {
    expect(readNumber("3")).toEqual({ value: 3, rest: "" });
    expect(readNumber("-2.5")).toEqual({ value: -2.5, rest: "" });
    expect(readNumber("+.5")).toEqual({ value: 0.5, rest: "" });
    expect(readNumber("1e3")).toEqual({ value: 1000, rest: "" });
  });

  it("reads full-width digits, signs and points, the minus sign and spaces anywhere", () => {
    expect(readNumber("３")).toEqual({ value: 3, rest: "" });
    expect(readNumber("３．５")).toEqual({ value: 3.5, rest: "" });
    expect(readNumber("－７")).toEqual({ value: -7, rest: "" });
    expect(readNumber("\u22127")).toEqual({ value: -7, rest: "" });
    expect(readNumber("  1 2  ")).toEqual({ value: 12, rest: "" });
    expect(readNumber("\u3000７\u3000")).toEqual({ value: 7, rest: "" });
  });

  it("takes commas as thousands separators only (half- and full-width)", () => {
    expect(readNumber("1,000")).toEqual({ value: 1000, rest: "" });
    expect(readNumber("1，234，567.5")).toEqual({ value: 1234567.5, rest: "" });
    expect(readNumber("12,345人")).toEqual({ value: 12345, rest: "人" });
    // A decimal comma is not a number here: "1,5" leaves ",5", which no unit matches.
    expect(readNumber("1,5")).toEqual({ value: 1, rest: ",5" });
  });

  it("gives the text after the number as the unit, normalised", () => {
    expect(readNumber("7人")).toEqual({ value: 7, rest: "人" });
    expect(readNumber("50％")).toEqual({ value: 50, rest: "%" });
    expect(readNumber("3 KM")).toEqual({ value: 3, rest: "km" });
  });

  it("is null without a number first", () => {
    expect(readNumber("")).toBeNull();
    expect(readNumber("七")).toBeNull();
    expect(readNumber("人7")).toBeNull();
    expect(readNumber(".")).toBeNull();
    expect(readNumber("-")).toBeNull();
  });
});

describe("readNumericInput: the number and an accepted unit", () => {
  it("accepts no unit, or a unit in the list (any width, any case, spaces)", () => {
    expect(readNumericInput("7", ["人", "名"])).toEqual({ ok: true, value: 7, unit: "" });
    expect(readNumericInput("7 名", ["人", "名"])).toEqual({ ok: true, value: 7, unit: "名" });
    expect(readNumericInput("50％", ["%"])).toEqual({ ok: true, value: 50, unit: "%" });
  });

  it("refuses a unit not in the list, text that is not a number, and nothing", () => {
    expect(readNumericInput("7个", ["人"])).toEqual({ ok: false, reason: "unit" });
    expect(readNumericInput("7人", [])).toEqual({ ok: false, reason: "unit" });
    expect(readNumericInput("七人", ["人"])).toEqual({ ok: false, reason: "notNumber" });
    expect(readNumericInput("  ", ["人"])).toEqual({ ok: false, reason: "empty" });
  });
});

describe("withinAnswer: tolerance and range edges", () => {
  it("includes both ends of value ± tolerance and of a range, nothing beyond", () => {
    const tol: NumericAnswer = { kind: "tolerance", value: 3, tolerance: 2, percent: 100 };
    expect([0.9999, 1, 3, 5, 5.0001].map((v) => withinAnswer(v, tol))).toEqual([false, true, true, true, false]);
    const range: NumericAnswer = { kind: "range", min: 1, max: 5, percent: 100 };
    expect([0.999, 1, 5, 5.001].map((v) => withinAnswer(v, range))).toEqual([false, true, true, false]);
  });

  it("absorbs binary rounding: 0.1 + 0.2 is 0.3", () => {
    expect(withinAnswer(0.1 + 0.2, exact(0.3))).toBe(true);
    expect(withinAnswer(3.141, { kind: "range", min: 3.141, max: 3.142, percent: 100 })).toBe(true);
  });
});

describe("numericPercent", () => {
  const draft: Pick<NumericDraft, "answer" | "units"> = {
    answer: [exact(1822), { kind: "tolerance", value: 1822, tolerance: 2, percent: 50 }],
    units: ["年"],
  };

  it("is the best answer the input falls within", () => {
    expect(numericPercent(draft, "1822", true)).toBe(100);
    expect(numericPercent(draft, "１８２２年", true)).toBe(100);
    expect(numericPercent(draft, "1823", true)).toBe(50);
    expect(numericPercent(draft, "1825", true)).toBe(0);
  });

  it("counts only 100 % answers without partial credit", () => {
    expect(numericPercent(draft, "1823", false)).toBe(0);
    expect(numericPercent(draft, "1822", false)).toBe(100);
  });

  it("is 0 for a wrong unit or no number", () => {
    expect(numericPercent(draft, "1822个", true)).toBe(0);
    expect(numericPercent(draft, "一八二二", true)).toBe(0);
  });
});

describe("the file forms of an answer", () => {
  it("reads 3, 3:2, 3±2, 1..5 and negative numbers", () => {
    expect(parseNumericSpec("3")).toEqual(exact(3));
    expect(parseNumericSpec("3:2")).toEqual({ kind: "tolerance", value: 3, tolerance: 2, percent: 100 });
    expect(parseNumericSpec("3 ± 2")).toEqual({ kind: "tolerance", value: 3, tolerance: 2, percent: 100 });
    expect(parseNumericSpec("3.14159:0.0005", 50)).toEqual({ kind: "tolerance", value: 3.14159, tolerance: 0.0005, percent: 50 });
    expect(parseNumericSpec("1..5")).toEqual({ kind: "range", min: 1, max: 5, percent: 100 });
    expect(parseNumericSpec("-5..-1")).toEqual({ kind: "range", min: -5, max: -1, percent: 100 });
    expect(parseNumericSpec("-3:1")).toEqual({ kind: "tolerance", value: -3, tolerance: 1, percent: 100 });
  });

  it("refuses what is not one of them", () => {
    for (const bad of ["", "三", "3:", ":2", "1..", "3人", "1..5..7", "3:2:1"]) expect(parseNumericSpec(bad), bad).toBeNull();
  });

  it("reads and writes the 答案 cell with several answers and partial credit", () => {
    const cell = parseNumericCell("3:2|%50%3:5|1..2");
    expect(cell).toEqual({
      ok: true,
      answers: [
        { kind: "tolerance", value: 3, tolerance: 2, percent: 100 },
        { kind: "tolerance", value: 3, tolerance: 5, percent: 50 },
        { kind: "range", min: 1, max: 2, percent: 100 },
      ],
    });
    if (cell.ok) expect(numericCell(cell.answers)).toBe("3:2|%50%3:5|1..2");
    expect(parseNumericCell("3:2|三")).toEqual({ ok: false, value: "三" });
    expect(numericCell([exact(0.1 + 0.2)])).toBe("0.3");
  });

  it("describes an answer for the review", () => {
    expect(describeNumericAnswer({ kind: "tolerance", value: 3, tolerance: 2, percent: 100 })).toBe("3 ± 2");
    expect(describeNumericAnswer(exact(7))).toBe("7");
    expect(describeNumericAnswer({ kind: "range", min: 1, max: 5, percent: 100 })).toBe("1 ~ 5");
  });
});

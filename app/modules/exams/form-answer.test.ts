import { describe, expect, it } from "vitest";
import { answerFromForm } from "./form-answer";
import type { SlotShape } from "./save-input";

const slots = new Map<number, SlotShape>([
  [1, { type: "single", optionCount: 4, blankCount: 0 }],
  [2, { type: "multiple", optionCount: 4, blankCount: 0 }],
  [3, { type: "truefalse", optionCount: 0, blankCount: 0 }],
  [4, { type: "fill", optionCount: 0, blankCount: 2 }],
  [5, { type: "short", optionCount: 0, blankCount: 0 }],
  [6, { type: "matching", optionCount: 4, blankCount: 0 }],
  [7, { type: "numeric", optionCount: 0, blankCount: 0 }],
]);

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("no-JavaScript answer form", () => {
  it("reads each question type", () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "1"],
          ["choice", "2"],
        ]),
        slots,
      ),
    ).toEqual({ ok: true, slotNo: 1, answer: { type: "single", choice: 2 }, flagged: false });
    expect(
      answerFromForm(
        form([
          ["slotNo", "2"],
          ["choices", "3"],
          ["choices", "0"],
          ["flagged", "on"],
        ]),
        slots,
      ),
    ).toEqual({
      ok: true,
      slotNo: 2,
      answer: { type: "multiple", choices: [0, 3] },
      flagged: true,
    });
    expect(
      answerFromForm(
        form([
          ["slotNo", "3"],
          ["value", "false"],
        ]),
        slots,
      ),
    ).toMatchObject({ answer: { type: "truefalse", value: false } });
    expect(
      answerFromForm(
        form([
          ["slotNo", "4"],
          ["blank", "民主集中制"],
          ["blank", ""],
        ]),
        slots,
      ),
    ).toMatchObject({ answer: { type: "fill", blanks: ["民主集中制", ""] } });
    expect(
      answerFromForm(
        form([
          ["slotNo", "5"],
          ["text", "三会一课"],
        ]),
        slots,
      ),
    ).toMatchObject({ answer: { type: "short", text: "三会一课" } });
  });

  it("an empty question saves a cleared answer (it may carry a flag)", () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "1"],
          ["flagged", "on"],
        ]),
        slots,
      ),
    ).toEqual({ ok: true, slotNo: 1, answer: null, flagged: true });
    expect(
      answerFromForm(
        form([
          ["slotNo", "5"],
          ["text", "  "],
        ]),
        slots,
      ),
    ).toMatchObject({ ok: true, answer: null });
  });

  it("refuses what does not fit the slot", () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "9"],
          ["choice", "0"],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 0 });
    expect(answerFromForm(form([["slotNo", "x"]]), slots)).toEqual({ ok: false, slotNo: 0 });
    expect(
      answerFromForm(
        form([
          ["slotNo", "1"],
          ["choice", "4"],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 1 });
    expect(
      answerFromForm(
        form([
          ["slotNo", "1"],
          ["choice", "abc"],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 1 });
    expect(
      answerFromForm(
        form([
          ["slotNo", "4"],
          ["blank", "a"],
          ["blank", "b"],
          ["blank", "c"],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 4 });
  });
});

describe("no-JavaScript form: matching and numeric", () => {
  it('reads one match per premise in order ("" for none) and the typed number', () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "6"],
          ["match", "2"],
          ["match", ""],
          ["match", "0"],
        ]),
        slots,
      ),
    ).toEqual({
      ok: true,
      slotNo: 6,
      answer: { type: "matching", matches: [2, null, 0] },
      flagged: false,
    });
    expect(
      answerFromForm(
        form([
          ["slotNo", "7"],
          ["number", " １，０００人 "],
        ]),
        slots,
      ),
    ).toMatchObject({ ok: true, answer: { type: "numeric", text: "１，０００人" } });
  });

  it("saves nothing matched and an empty number as cleared", () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "6"],
          ["match", ""],
          ["match", ""],
          ["match", ""],
        ]),
        slots,
      ),
    ).toMatchObject({ ok: true, answer: null });
    expect(
      answerFromForm(
        form([
          ["slotNo", "7"],
          ["number", "  "],
        ]),
        slots,
      ),
    ).toMatchObject({ ok: true, answer: null });
  });

  it("refuses a response that is not shown, a value that is not an index, and an overlong number", () => {
    expect(
      answerFromForm(
        form([
          ["slotNo", "6"],
          ["match", "4"],
          ["match", ""],
          ["match", ""],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 6 });
    expect(
      answerFromForm(
        form([
          ["slotNo", "6"],
          ["match", "x"],
          ["match", ""],
          ["match", ""],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 6 });
    expect(
      answerFromForm(
        form([
          ["slotNo", "7"],
          ["number", "1".repeat(51)],
        ]),
        slots,
      ),
    ).toEqual({ ok: false, slotNo: 7 });
  });
});

import { describe, expect, it } from "vitest";
import { answerFits, eventRequestSchema, isUnanswered, saveRequestSchema } from "./save-input";

describe("save input", () => {
  it("accepts each answer type, a cleared answer and a ping without saves", () => {
    const saves = [
      { slotNo: 1, seq: 1, answer: { type: "single", choice: 3 }, flagged: false },
      { slotNo: 2, seq: 9, answer: { type: "multiple", choices: [0, 2] }, flagged: true },
      { slotNo: 3, seq: 1, answer: { type: "truefalse", value: false }, flagged: false },
      { slotNo: 4, seq: 2, answer: { type: "fill", blanks: ["民主集中制", ""] }, flagged: false },
      { slotNo: 5, seq: 3, answer: { type: "short", text: "三会一课" }, flagged: false },
      { slotNo: 6, seq: 4, answer: null, flagged: false },
    ];
    expect(saveRequestSchema.parse({ attemptId: 7, saves }).saves).toHaveLength(6);
    expect(saveRequestSchema.safeParse({ attemptId: 7, saves: [] }).success).toBe(true);
  });

  it("refuses malformed or oversized requests", () => {
    const item = { slotNo: 1, seq: 1, answer: null, flagged: false };
    for (const bad of [
      { attemptId: 0, saves: [] },
      { attemptId: 1, saves: Array.from({ length: 51 }, (_, i) => ({ ...item, slotNo: i + 1 })) },
      { attemptId: 1, saves: [{ ...item, seq: 0 }] },
      { attemptId: 1, saves: [{ ...item, seq: 1.5 }] },
      { attemptId: 1, saves: [{ ...item, answer: { type: "single", choice: 8 } }] },
      { attemptId: 1, saves: [{ ...item, answer: { type: "short", text: "字".repeat(5001) } }] },
      { attemptId: 1, saves: [{ ...item, answer: { type: "fill", blanks: ["x".repeat(201)] } }] },
      { attemptId: 1, saves: [{ ...item, answer: { type: "essay", text: "" } }] },
      { attemptId: 1, saves: [{ ...item, flagged: "yes" }] },
    ]) {
      expect(saveRequestSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
    expect(eventRequestSchema.safeParse({ attemptId: 1, kind: "hidden" }).success).toBe(true);
    expect(eventRequestSchema.safeParse({ attemptId: 1, kind: "resume" }).success).toBe(false);
  });

  it("checks an answer against its slot: type, options, blanks", () => {
    const single = { type: "single" as const, optionCount: 4, blankCount: 0 };
    expect(answerFits({ type: "single", choice: 3 }, single)).toBe(true);
    expect(answerFits({ type: "single", choice: 4 }, single)).toBe(false);
    expect(answerFits({ type: "truefalse", value: true }, single)).toBe(false);
    expect(answerFits(null, single)).toBe(true);
    const multiple = { type: "multiple" as const, optionCount: 5, blankCount: 0 };
    expect(answerFits({ type: "multiple", choices: [0, 4] }, multiple)).toBe(true);
    expect(answerFits({ type: "multiple", choices: [1, 1] }, multiple)).toBe(false);
    expect(answerFits({ type: "multiple", choices: [5] }, multiple)).toBe(false);
    const fill = { type: "fill" as const, optionCount: 0, blankCount: 2 };
    expect(answerFits({ type: "fill", blanks: ["a", "b"] }, fill)).toBe(true);
    expect(answerFits({ type: "fill", blanks: ["a", "b", "c"] }, fill)).toBe(false);
  });

  it("tells unanswered slots", () => {
    expect(isUnanswered(null)).toBe(true);
    expect(isUnanswered({ type: "multiple", choices: [] })).toBe(true);
    expect(isUnanswered({ type: "fill", blanks: [" ", ""] })).toBe(true);
    expect(isUnanswered({ type: "fill", blanks: ["", "x"] })).toBe(false);
    expect(isUnanswered({ type: "short", text: "  " })).toBe(true);
    expect(isUnanswered({ type: "truefalse", value: false })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  answerFits,
  eventRequestSchema,
  isUnanswered,
  parseEventRequest,
  parseSaveRequest,
  quickSaveRequest,
  saveRequestSchema,
} from "./save-input";

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

  it("checks a request by hand exactly as the zod schemas do (same verdict, same output)", () => {
    const item = { slotNo: 1, seq: 1, answer: null, flagged: false };
    const answers: unknown[] = [
      null,
      undefined,
      { type: "single", choice: 0 },
      { type: "single", choice: 7 },
      { type: "single", choice: 8 },
      { type: "single", choice: -1 },
      { type: "single", choice: -0 },
      { type: "single", choice: 1.5 },
      { type: "single", choice: "1" },
      { type: "single" },
      { type: "single", choice: 2, extra: "dropped" },
      { type: "multiple", choices: [] },
      { type: "multiple", choices: [0, 7, 3] },
      { type: "multiple", choices: [0, 1, 2, 3, 4, 5, 6, 7, 0] },
      { type: "multiple", choices: [8] },
      { type: "multiple", choices: "0" },
      { type: "truefalse", value: true },
      { type: "truefalse", value: 1 },
      { type: "fill", blanks: [] },
      { type: "fill", blanks: ["x".repeat(200), "", "民主"] },
      { type: "fill", blanks: ["x".repeat(201)] },
      { type: "fill", blanks: ["😀".repeat(100)] },
      { type: "fill", blanks: ["😀".repeat(101)] },
      { type: "fill", blanks: Array.from({ length: 21 }, () => "") },
      { type: "fill", blanks: [1] },
      { type: "short", text: "字".repeat(5000) },
      { type: "short", text: "字".repeat(5001) },
      { type: "short", text: null },
      { type: "essay", text: "" },
      { choice: 1 },
      [],
      "single",
    ];
    const bodies: unknown[] = [
      null,
      [],
      "x",
      {},
      { attemptId: 1 },
      { attemptId: 1, saves: [] },
      { attemptId: 1, saves: [], extra: true },
      { attemptId: 0, saves: [] },
      { attemptId: 2_147_483_647, saves: [] },
      { attemptId: 2_147_483_648, saves: [] },
      { attemptId: "1", saves: [] },
      { attemptId: 1, saves: {} },
      { attemptId: 1, saves: Array.from({ length: 50 }, (_, i) => ({ ...item, slotNo: i + 1 })) },
      { attemptId: 1, saves: Array.from({ length: 51 }, (_, i) => ({ ...item, slotNo: i + 1 })) },
      { attemptId: 1, saves: [{ ...item, slotNo: 0 }] },
      { attemptId: 1, saves: [{ ...item, slotNo: 10_000 }] },
      { attemptId: 1, saves: [{ ...item, slotNo: 10_001 }] },
      { attemptId: 1, saves: [{ ...item, seq: 2_147_483_647 }] },
      { attemptId: 1, saves: [{ ...item, seq: 2_147_483_648 }] },
      { attemptId: 1, saves: [{ ...item, flagged: 0 }] },
      { attemptId: 1, saves: [{ slotNo: 1, seq: 1, flagged: false }] },
      { attemptId: 1, saves: [null] },
      {
        attemptId: 1,
        saves: [
          { ...item, note: "dropped" },
          { ...item, slotNo: 2 },
        ],
      },
      ...answers.map((answer) => ({ attemptId: 3, saves: [{ slotNo: 4, seq: 5, answer, flagged: true }] })),
    ];
    for (const body of bodies) {
      const zod = saveRequestSchema.safeParse(body);
      const label = JSON.stringify(body)?.slice(0, 100);
      expect(parseSaveRequest(body), label).toEqual(zod.success ? zod.data : null);
      const quick = quickSaveRequest(body);
      if (quick) expect(zod.success && quick, label).toEqual(zod.success && zod.data);
    }
    // The usual requests take the hand path.
    expect(
      quickSaveRequest({ attemptId: 1, saves: answers.slice(2, 4).map((answer, i) => ({ ...item, slotNo: i + 1, answer })) }),
    ).not.toBeNull();
    for (const body of [
      { attemptId: 1, kind: "hidden" },
      { attemptId: 1, kind: "blur", x: 1 },
      { attemptId: 1, kind: "resume" },
      { attemptId: 0, kind: "visible" },
      { kind: "hidden" },
      null,
      [],
    ]) {
      const zod = eventRequestSchema.safeParse(body);
      expect(parseEventRequest(body), JSON.stringify(body)).toEqual(zod.success ? zod.data : null);
    }
  });
});

describe("the save rate per attempt (token bucket)", () => {
  it("allows a burst, refills over time, and refuses without taking anything", async () => {
    const { takeSaves, SAVE_BURST, SAVES_PER_SECOND } = await import("./save-input");
    const bucket = { tokens: SAVE_BURST, atMs: 0 };
    expect(takeSaves(bucket, SAVE_BURST, 0)).toBe(true);
    expect(takeSaves(bucket, 1, 0)).toBe(false);
    expect(bucket.tokens).toBe(0);
    expect(takeSaves(bucket, SAVES_PER_SECOND, 1000)).toBe(true);
    // never more than the burst, however long the pause; a clock going back refills nothing
    expect(takeSaves(bucket, SAVE_BURST + 1, 10_000_000)).toBe(false);
    expect(bucket.tokens).toBe(SAVE_BURST);
    expect(takeSaves(bucket, SAVE_BURST, 5)).toBe(true);
    expect(takeSaves(bucket, 1, 5)).toBe(false);
  });

  it("a changedAt must be a whole number of ms; the hand check and zod agree", () => {
    for (const changedAt of [0, 1_765_000_000_000, -1, 1.5, "1", null]) {
      const body = { attemptId: 1, saves: [{ slotNo: 1, seq: 1, answer: null, flagged: false, changedAt }] };
      expect(parseSaveRequest(body) !== null).toBe(saveRequestSchema.safeParse(body).success);
    }
    expect(
      parseSaveRequest({ attemptId: 1, saves: [{ slotNo: 1, seq: 1, answer: null, flagged: false, changedAt: 5 }] })?.saves[0].changedAt,
    ).toBe(5);
  });
});

describe("matching and numeric answers", () => {
  const matching = { type: "matching", optionCount: 4, blankCount: 0 } as const;
  it("the hand check and zod agree on matching and numeric answers", () => {
    const answers: unknown[] = [
      { type: "matching", matches: [0, null, 3] },
      { type: "matching", matches: [] },
      { type: "matching", matches: [0, -1] },
      { type: "matching", matches: [0, 1.5] },
      { type: "matching", matches: "0,1" },
      { type: "matching", matches: Array(9).fill(0) },
      { type: "numeric", text: "3人" },
      { type: "numeric", text: "1".repeat(51) },
      { type: "numeric", text: 3 },
    ];
    for (const answer of answers) {
      const body = { attemptId: 1, saves: [{ slotNo: 1, seq: 1, answer, flagged: false }] };
      expect(quickSaveRequest(body) !== null, JSON.stringify(answer)).toBe(saveRequestSchema.safeParse(body).success);
      expect(parseSaveRequest(body)?.saves[0].answer ?? null).toEqual(saveRequestSchema.safeParse(body).data?.saves[0].answer ?? null);
    }
  });

  it("a matching answer fits when every match is a shown response", () => {
    expect(answerFits({ type: "matching", matches: [0, null, 3] }, matching)).toBe(true);
    expect(answerFits({ type: "matching", matches: [0, null, 4] }, matching)).toBe(false);
    expect(answerFits({ type: "numeric", text: "3" }, { type: "numeric", optionCount: 0, blankCount: 0 })).toBe(true);
    expect(answerFits({ type: "numeric", text: "3" }, matching)).toBe(false);
  });

  it("nothing matched and a blank number are unanswered", () => {
    expect(isUnanswered({ type: "matching", matches: [null, null] })).toBe(true);
    expect(isUnanswered({ type: "matching", matches: [null, 1] })).toBe(false);
    expect(isUnanswered({ type: "numeric", text: " " })).toBe(true);
    expect(isUnanswered({ type: "numeric", text: "0" })).toBe(false);
  });
});

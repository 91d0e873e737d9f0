import { describe, expect, it } from "vitest";
import type { QuestionDraft } from "../question-bank/question";
import { correctIndices, currentStep, gradeSlot, summarizeAttempt } from "./grading";
import type { AnswerStep, RawAnswer } from "./types";

const common = { stem: "题干", area: "theory", knowledgePoint: "党章", difficulty: 3, explanation: "" } as const;
const single: QuestionDraft = { ...common, type: "single", options: ["甲", "乙", "丙", "丁"], answer: "C" };
const multiple: QuestionDraft = { ...common, type: "multiple", options: ["甲", "乙", "丙", "丁", "戊"], answer: "ABD" };
const truefalse: QuestionDraft = { ...common, type: "truefalse", answer: false };
const fill: QuestionDraft = {
  ...common,
  type: "fill",
  stem: "党的最高领导机关是党的____和它所产生的____。",
  answer: [
    ["全国代表大会", "全国代表大会（党代会）"],
    ["中央委员会", "Central Committee"],
  ],
};
const short: QuestionDraft = { ...common, type: "short", answer: "参考答案", markingPoints: ["要点一"] };

const strict = { partialCredit: false };
const partial = { partialCredit: true };

describe("currentStep", () => {
  const step = (seq: number): AnswerStep => ({ seq, answer: { type: "single", choice: seq }, flagged: false, at: new Date(seq * 1000) });
  it("is the step with the highest sequence number, whatever the order", () => {
    expect(currentStep([step(1), step(3), step(2)])?.seq).toBe(3);
    expect(currentStep([step(7)])?.seq).toBe(7);
    expect(currentStep([])).toBeNull();
  });
});

describe("gradeSlot", () => {
  it("single choice: the original index of the key letter, nothing else", () => {
    expect(gradeSlot(single, { type: "single", choice: 2 }, 30, strict)).toEqual({ markTenths: 30, outcome: "correct" });
    expect(gradeSlot(single, { type: "single", choice: 0 }, 30, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(single, { type: "single", choice: 3 }, 30, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(single, { type: "single", choice: 99 }, 30, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(single, null, 30, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("true/false", () => {
    expect(gradeSlot(truefalse, { type: "truefalse", value: false }, 20, strict)).toEqual({ markTenths: 20, outcome: "correct" });
    expect(gradeSlot(truefalse, { type: "truefalse", value: true }, 20, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(truefalse, null, 20, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("multiple choice without partial credit is all or nothing", () => {
    expect(gradeSlot(multiple, { type: "multiple", choices: [3, 0, 1] }, 40, strict)).toEqual({ markTenths: 40, outcome: "correct" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 1] }, 40, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 1, 3, 4] }, 40, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [] }, 40, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("multiple choice with partial credit: a correct subset earns its share rounded down to a tenth; any wrong option earns 0", () => {
    // 2 of 3 correct options of 4 points: 40 × 2 / 3 = 26.67 tenths → 26 (2.6 points)
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 3] }, 40, partial)).toEqual({ markTenths: 26, outcome: "partial" });
    // 1 of 3: 13.3 → 13
    expect(gradeSlot(multiple, { type: "multiple", choices: [1] }, 40, partial)).toEqual({ markTenths: 13, outcome: "partial" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 1, 3] }, 40, partial)).toEqual({ markTenths: 40, outcome: "correct" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 2] }, 40, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 1, 3, 4] }, 40, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    // a repeated index counts once
    expect(gradeSlot(multiple, { type: "multiple", choices: [0, 0, 1, 1] }, 30, partial)).toEqual({ markTenths: 20, outcome: "partial" });
    // a share that rounds down to nothing is a wrong answer
    expect(gradeSlot(multiple, { type: "multiple", choices: [0] }, 2, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
  });

  it("fill in the blanks compares each blank after normalisation (full-width, case, spaces)", () => {
    expect(gradeSlot(fill, { type: "fill", blanks: ["全国代表大会", "中央委员会"] }, 50, strict)).toEqual({
      markTenths: 50,
      outcome: "correct",
    });
    expect(gradeSlot(fill, { type: "fill", blanks: [" 全国 代表大会 ", "中央委员会"] }, 50, strict)).toEqual({
      markTenths: 50,
      outcome: "correct",
    });
    expect(gradeSlot(fill, { type: "fill", blanks: ["全国代表大会(党代会)", "ＣＥＮＴＲＡＬ　ｃｏｍｍｉｔｔｅｅ"] }, 50, strict)).toEqual({
      markTenths: 50,
      outcome: "correct",
    });
    expect(gradeSlot(fill, { type: "fill", blanks: ["全国代表大会", "central  committee"] }, 50, strict)).toEqual({
      markTenths: 50,
      outcome: "correct",
    });
    // Latin words keep their space
    expect(gradeSlot(fill, { type: "fill", blanks: ["全国代表大会", "centralcommittee"] }, 50, strict)).toEqual({
      markTenths: 0,
      outcome: "wrong",
    });
    // blanks are positional
    expect(gradeSlot(fill, { type: "fill", blanks: ["中央委员会", "全国代表大会"] }, 50, strict)).toEqual({
      markTenths: 0,
      outcome: "wrong",
    });
  });

  it("fill in the blanks: one blank right earns nothing without partial credit, its share with it", () => {
    const half: RawAnswer = { type: "fill", blanks: ["全国代表大会", "政治局"] };
    expect(gradeSlot(fill, half, 50, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(fill, half, 50, partial)).toEqual({ markTenths: 25, outcome: "partial" });
    expect(gradeSlot(fill, { type: "fill", blanks: ["", "中央委员会"] }, 35, partial)).toEqual({ markTenths: 17, outcome: "partial" });
    expect(gradeSlot(fill, { type: "fill", blanks: ["全国代表大会"] }, 50, partial)).toEqual({ markTenths: 25, outcome: "partial" });
    expect(gradeSlot(fill, { type: "fill", blanks: ["x", "y"] }, 50, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(fill, { type: "fill", blanks: ["", "  "] }, 50, partial)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("short answers wait for a grader; an empty one scores 0", () => {
    expect(gradeSlot(short, { type: "short", text: "我的回答" }, 100, strict)).toEqual({ markTenths: null, outcome: "manual" });
    expect(gradeSlot(short, { type: "short", text: "   " }, 100, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
    expect(gradeSlot(short, null, 100, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("an answer of another type than the question is wrong", () => {
    expect(gradeSlot(single, { type: "multiple", choices: [2] }, 30, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(truefalse, { type: "single", choice: 0 }, 20, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(short, { type: "fill", blanks: ["x"] }, 100, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(fill, { type: "short", text: "全国代表大会" }, 50, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    // even when it is empty
    expect(gradeSlot(single, { type: "multiple", choices: [] }, 30, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
  });

  it("reads key letters into original indices", () => {
    expect(correctIndices("ABD")).toEqual([0, 1, 3]);
    expect(correctIndices("ca")).toEqual([0, 2]);
    expect(correctIndices("H")).toEqual([7]);
  });
});

describe("summarizeAttempt", () => {
  it("adds marks, groups areas into theory and practice, and passes at the pass mark", () => {
    const summary = summarizeAttempt(
      [
        { area: "theory", maxMarkTenths: 30, markTenths: 30 },
        { area: "basics", maxMarkTenths: 40, markTenths: 26 },
        { area: "practice", maxMarkTenths: 20, markTenths: 0 },
        { area: "experience", maxMarkTenths: 50, markTenths: 25 },
        { area: "practice", maxMarkTenths: 100, markTenths: 70 },
      ],
      151,
    );
    expect(summary).toEqual({
      complete: true,
      markTenths: 151,
      maxMarkTenths: 240,
      passed: true,
      subScores: {
        theory: { markTenths: 56, maxMarkTenths: 70 },
        practice: { markTenths: 95, maxMarkTenths: 170 },
        byArea: {
          theory: { markTenths: 30, maxMarkTenths: 30 },
          basics: { markTenths: 26, maxMarkTenths: 40 },
          practice: { markTenths: 70, maxMarkTenths: 120 },
          experience: { markTenths: 25, maxMarkTenths: 50 },
        },
      },
    });
    expect(summarizeAttempt([{ area: "theory", maxMarkTenths: 1000, markTenths: 599 }], 600).passed).toBe(false);
  });

  it("is incomplete (no pass or fail yet) while a slot waits for a grader", () => {
    const summary = summarizeAttempt(
      [
        { area: "theory", maxMarkTenths: 30, markTenths: 30 },
        { area: "practice", maxMarkTenths: 100, markTenths: null },
      ],
      10,
    );
    expect(summary).toMatchObject({ complete: false, markTenths: 30, maxMarkTenths: 130, passed: null });
    expect(summary.subScores.practice).toEqual({ markTenths: 0, maxMarkTenths: 100 });
  });

  it("an empty paper is complete with nothing in it", () => {
    expect(summarizeAttempt([], 0)).toMatchObject({ complete: true, markTenths: 0, maxMarkTenths: 0, passed: true });
  });
});

describe("gradeSlot: matching (per pair) and numeric (tolerance, range, units)", () => {
  const matching: QuestionDraft = {
    ...common,
    type: "matching",
    pairs: [
      { premise: "党员大会", response: "每季度" },
      { premise: "支部委员会会议", response: "每月" },
      { premise: "党小组会", response: "每月" },
    ],
    distractors: ["每年"],
  };
  // responses: 0 每季度, 1 每月, 2 每年; key [0, 1, 1]
  const m = (matches: (number | null)[]): RawAnswer => ({ type: "matching", matches });

  it("full marks for every pair right, whatever the shuffle (answers are original indices)", () => {
    expect(gradeSlot(matching, m([0, 1, 1]), 30, strict)).toEqual({ markTenths: 30, outcome: "correct" });
  });

  it("with partial credit: mark × right pairs ÷ premises, rounded down to a tenth (the multiple-choice rule)", () => {
    expect(gradeSlot(matching, m([0, 1, 2]), 20, partial)).toEqual({ markTenths: 13, outcome: "partial" });
    expect(gradeSlot(matching, m([0, null, null]), 20, partial)).toEqual({ markTenths: 6, outcome: "partial" });
    expect(gradeSlot(matching, m([1, 0, 0]), 20, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(matching, m([0, 1, 2]), 20, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
  });

  it("nothing matched is unanswered; another type's answer is wrong", () => {
    expect(gradeSlot(matching, m([null, null, null]), 20, partial)).toEqual({ markTenths: 0, outcome: "unanswered" });
    expect(gradeSlot(matching, { type: "single", choice: 0 }, 20, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
  });

  const numeric: QuestionDraft = {
    ...common,
    type: "numeric",
    answer: [
      { kind: "tolerance", value: 3, tolerance: 0, percent: 100 },
      { kind: "range", min: 2, max: 4, percent: 50 },
    ],
    units: ["人"],
  };
  const n = (text: string): RawAnswer => ({ type: "numeric", text });

  it("reads Chinese-friendly input and accepts listed units only", () => {
    for (const text of ["3", " ３ ", "3人", "3 人", "3.0", "＋3"])
      expect(gradeSlot(numeric, n(text), 25, strict), text).toEqual({ markTenths: 25, outcome: "correct" });
    for (const text of ["3个", "三", "3,0"])
      expect(gradeSlot(numeric, n(text), 25, strict), text).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(numeric, n("  "), 25, strict)).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("a partial answer earns its percent with partial credit, rounded down to a tenth; nothing without", () => {
    expect(gradeSlot(numeric, n("4人"), 25, partial)).toEqual({ markTenths: 12, outcome: "partial" });
    expect(gradeSlot(numeric, n("2"), 25, strict)).toEqual({ markTenths: 0, outcome: "wrong" });
    expect(gradeSlot(numeric, n("4.01"), 25, partial)).toEqual({ markTenths: 0, outcome: "wrong" });
  });
});

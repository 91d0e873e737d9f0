import { describe, expect, it } from "vitest";
import { draftFromForm, EMPTY_FORM, fieldOf, formFromDraft, type QuestionForm } from "./authoring";
import type { QuestionDraft } from "./question";

const base: QuestionForm = {
  ...EMPTY_FORM,
  stem: "党的最高领导机关是（ ）。",
  area: "theory",
  knowledgePoint: "党的组织制度",
  difficulty: "2",
  explanation: "见党章。",
};

describe("the authoring form", () => {
  it("builds a single-choice draft, dropping unused trailing options", () => {
    const form = {
      ...base,
      options: ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "", "", "", "", ""],
      answerChoices: ["A"],
    };
    expect(draftFromForm(form)).toEqual({
      ok: true,
      draft: {
        type: "single",
        stem: "党的最高领导机关是（ ）。",
        options: ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处"],
        answer: "A",
        area: "theory",
        knowledgePoint: "党的组织制度",
        difficulty: 2,
        explanation: "见党章。",
      },
    });
  });

  it("reports an answer letter without an option and a missing area against their fields", () => {
    const result = draftFromForm({ ...base, area: "", options: ["甲", "乙", "", "", "", "", "", ""], answerChoices: ["D"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [fieldOf(p), p.code])).toEqual(
      expect.arrayContaining([
        ["answer", "answerLetterWithoutOption"],
        ["area", "unknownArea"],
      ]),
    );
  });

  it("needs two answers for multiple choice and a true/false choice", () => {
    const multiple = draftFromForm({ ...base, type: "multiple", options: ["甲", "乙", "丙", "", "", "", "", ""], answerChoices: ["B"] });
    expect(multiple.ok || multiple.problems.map((p) => p.code)).toContain("multipleNeedsTwoAnswers");
    const tf = draftFromForm({ ...base, type: "truefalse", answerTf: "" });
    expect(tf.ok || tf.problems.map((p) => p.code)).toEqual(["truefalseAnswerInvalid"]);
  });

  it("reads fill-in blanks one per line with | between accepted answers", () => {
    const result = draftFromForm({
      ...base,
      type: "fill",
      stem: "发展党员分为____个阶段、____个步骤。",
      answerFill: "五|5\n二十五 | 25\n",
    });
    expect(result).toMatchObject({
      ok: true,
      draft: {
        answer: [
          ["五", "5"],
          ["二十五", "25"],
        ],
      },
    });
    const mismatch = draftFromForm({ ...base, type: "fill", stem: "发展党员分为____个阶段。", answerFill: "五\n二十五" });
    expect(mismatch.ok || mismatch.problems.map((p) => p.code)).toContain("blankCountMismatch");
  });

  it("round-trips every type through the form", () => {
    const drafts: QuestionDraft[] = [
      {
        type: "multiple",
        stem: "多选",
        options: ["a", "b", "c"],
        answer: "AC",
        area: "basics",
        knowledgePoint: "k",
        difficulty: 3,
        explanation: "",
      },
      { type: "truefalse", stem: "判断", answer: false, area: "practice", knowledgePoint: "k", difficulty: 1, explanation: "e" },
      { type: "fill", stem: "填____空", answer: [["一", "1"]], area: "theory", knowledgePoint: "k", difficulty: 5, explanation: "e" },
      {
        type: "short",
        stem: "简答",
        answer: "参考答案",
        markingPoints: ["要点一", "要点二"],
        area: "experience",
        knowledgePoint: "k",
        difficulty: 4,
        explanation: "e",
      },
      {
        type: "matching",
        stem: "连线",
        pairs: [
          { premise: "甲", response: "一" },
          { premise: "乙", response: "二" },
        ],
        distractors: ["三"],
        area: "practice",
        knowledgePoint: "k",
        difficulty: 2,
        explanation: "",
      },
      {
        type: "numeric",
        stem: "数值",
        answer: [
          { kind: "tolerance", value: 7, tolerance: 0, percent: 100 },
          { kind: "range", min: 6, max: 8, percent: 50 },
        ],
        units: ["人", "名"],
        area: "basics",
        knowledgePoint: "k",
        difficulty: 1,
        explanation: "",
      },
    ];
    for (const draft of drafts) expect(draftFromForm(formFromDraft(draft))).toEqual({ ok: true, draft });
  });

  it("reads matching pairs one per line, distractors as -> text, and reports a line without an arrow", () => {
    const result = draftFromForm({ ...base, type: "matching", answerMatching: "党员大会 -> 每季度\n党小组会 → 每月\n\n-> 每年\n" });
    expect(result).toMatchObject({
      ok: true,
      draft: {
        pairs: [
          { premise: "党员大会", response: "每季度" },
          { premise: "党小组会", response: "每月" },
        ],
        distractors: ["每年"],
      },
    });
    const bad = draftFromForm({ ...base, type: "matching", answerMatching: "党员大会 -> 每季度\n党小组会" });
    expect(bad.ok || bad.problems.map((p) => [fieldOf(p), p.code])).toEqual([["answer", "matchingCellNoArrow"]]);
    const few = draftFromForm({ ...base, type: "matching", answerMatching: "党员大会 -> 每季度" });
    expect(few.ok || few.problems.map((p) => [fieldOf(p), p.code])).toEqual([["options", "matchingTooFewPairs"]]);
  });

  it("reads numeric answers one per line and units separated by spaces or 、, and reports what it cannot read", () => {
    const result = draftFromForm({ ...base, type: "numeric", answerNumeric: "7\n%50%7±1", units: "人、名 " });
    expect(result).toMatchObject({
      ok: true,
      draft: {
        answer: [
          { kind: "tolerance", value: 7, tolerance: 0, percent: 100 },
          { kind: "tolerance", value: 7, tolerance: 1, percent: 50 },
        ],
        units: ["人", "名"],
      },
    });
    const bad = draftFromForm({ ...base, type: "numeric", answerNumeric: "七" });
    expect(bad.ok || bad.problems.map((p) => [fieldOf(p), p.code, p.params?.value])).toEqual([["answer", "numericAnswerInvalid", "七"]]);
    const empty = draftFromForm({ ...base, type: "numeric", answerNumeric: "" });
    expect(empty.ok || empty.problems.map((p) => p.code)).toEqual(["answerMissing"]);
  });
});

import { describe, expect, it } from "vitest";
import { normalizeStem } from "./normalize";
import type { QuestionDraft } from "./question";
import {
  PROBLEM_CODES,
  PROBLEM_MESSAGES_EN,
  PROBLEM_MESSAGES_ZH,
  formatProblem,
  validateDraft,
  validateRows,
  type Problem,
} from "./validate";

const common = { area: "basics", knowledgePoint: "党员权利", difficulty: 2, explanation: "解析" } as const;

const single: QuestionDraft = {
  type: "single",
  stem: "党员大会一般每（ ）召开1次。",
  ...common,
  options: ["月", "季度", "半年", "年"],
  answer: "B",
};
const multiple: QuestionDraft = {
  type: "multiple",
  stem: "下列属于党员权利的有（ ）。",
  ...common,
  options: ["甲", "乙", "丙", "丁"],
  answer: "ABD",
};
const truefalse: QuestionDraft = { type: "truefalse", stem: "预备党员的义务同正式党员一样。", ...common, answer: true };
const fill: QuestionDraft = {
  type: "fill",
  stem: "分为____个阶段、____个步骤。",
  ...common,
  answer: [
    ["五", "5"],
    ["二十五", "25"],
  ],
};
const short: QuestionDraft = {
  type: "short",
  stem: "请列举党员权利。",
  ...common,
  answer: "参考答案",
  markingPoints: ["要点一", "要点二"],
};

const codes = (problems: Problem[]) => problems.map((p) => p.code);

describe("validateDraft", () => {
  it("accepts good questions of every type", () => {
    for (const draft of [single, multiple, truefalse, fill, short]) expect(validateDraft(draft)).toEqual([]);
    expect(validateDraft({ ...short, markingPoints: [], explanation: "" })).toEqual([]);
  });

  it("checks the common fields", () => {
    const bad = { ...truefalse, stem: "  ", knowledgePoint: "", difficulty: 0, area: "history" } as unknown as QuestionDraft;
    expect(validateDraft(bad, 7)).toEqual([
      { line: 7, column: "题干", code: "missingStem" },
      { line: 7, column: "知识点", code: "missingKnowledgePoint" },
      { line: 7, column: "难度", code: "difficultyOutOfRange", params: { value: "0" } },
      { line: 7, column: "领域", code: "unknownArea", params: { value: "history" } },
    ]);
    expect(codes(validateDraft({ ...truefalse, stem: "长".repeat(2001) }))).toEqual(["stemTooLong"]);
    expect(codes(validateDraft({ ...truefalse, stem: "长".repeat(2000) }))).toEqual([]);
    expect(codes(validateDraft({ ...truefalse, type: "essay" } as unknown as QuestionDraft))).toEqual(["unknownType"]);
  });

  it("checks options", () => {
    expect(validateDraft({ ...single, options: ["月"], answer: "A" })).toEqual([
      { line: 0, column: "选项B", code: "tooFewOptions", params: { min: 2 } },
    ]);
    expect(codes(validateDraft({ ...multiple, options: ["甲", "乙"], answer: "AB" }))).toEqual(["tooFewOptions"]);
    expect(codes(validateDraft({ ...single, options: "ABCDEFGHI".split("") }))).toEqual(["tooManyOptions"]);
    expect(validateDraft({ ...single, options: ["月", "", "半年"] })).toEqual([
      { line: 0, column: "选项B", code: "emptyOption", params: { letter: "B" } },
    ]);
    expect(validateDraft({ ...single, options: ["月", "季度", "季度 ", "ＡＢ", "ab"] })).toEqual([
      { line: 0, column: "选项C", code: "duplicateOption", params: { letter: "C", otherLetter: "B" } },
      { line: 0, column: "选项E", code: "duplicateOption", params: { letter: "E", otherLetter: "D" } },
    ]);
    expect(validateDraft({ ...single, options: ["月", "长".repeat(501)] })).toEqual([
      { line: 0, column: "选项B", code: "optionTooLong", params: { letter: "B", max: 500, length: 501 } },
    ]);
  });

  it("checks choice answers", () => {
    expect(codes(validateDraft({ ...single, answer: "" }))).toEqual(["answerMissing"]);
    expect(validateDraft({ ...single, answer: "E" })).toEqual([
      { line: 0, column: "答案", code: "answerLetterWithoutOption", params: { letter: "E" } },
    ]);
    expect(codes(validateDraft({ ...single, answer: "AB" }))).toEqual(["singleNeedsOneAnswer"]);
    expect(codes(validateDraft({ ...single, answer: "对" }))).toEqual(["answerNotLetters"]);
    expect(codes(validateDraft({ ...multiple, answer: "A" }))).toEqual(["multipleNeedsTwoAnswers"]);
    expect(codes(validateDraft({ ...multiple, answer: "BA" }))).toEqual(["answerNotLetters"]);
    expect(codes(validateDraft({ ...multiple, answer: "AEF" }))).toEqual(["answerLetterWithoutOption", "answerLetterWithoutOption"]);
  });

  it("checks true/false, fill and short answers", () => {
    expect(codes(validateDraft({ ...truefalse, answer: "对" } as unknown as QuestionDraft))).toEqual(["truefalseAnswerInvalid"]);
    expect(validateDraft({ ...fill, answer: [["五"]] })).toEqual([
      { line: 0, column: "答案", code: "blankCountMismatch", params: { blanks: 2, answers: 1 } },
    ]);
    expect(validateDraft({ ...fill, stem: "没有空。", answer: [["五"]] })[0].params).toEqual({ blanks: 0, answers: 1 });
    expect(codes(validateDraft({ ...fill, answer: [] }))).toEqual(["answerMissing"]);
    expect(validateDraft({ ...fill, answer: [["五"], [" "]] })).toEqual([
      { line: 0, column: "答案", code: "blankAnswerMissing", params: { blank: 2 } },
    ]);
    expect(codes(validateDraft({ ...fill, answer: [["五"], ["二十五；25"]] }))).toEqual(["fillAnswerHasSeparator"]);
    expect(codes(validateDraft({ ...short, answer: " " }))).toEqual(["answerMissing"]);
    expect(codes(validateDraft({ ...short, markingPoints: ["一", ""] }))).toEqual(["emptyOption"]);
    expect(codes(validateDraft({ ...short, markingPoints: "123456789".split("") }))).toEqual(["tooManyOptions"]);
  });

  it("reports every problem at once", () => {
    const bad: QuestionDraft = {
      type: "single",
      stem: "",
      area: "theory",
      knowledgePoint: "",
      difficulty: 3,
      explanation: "",
      options: ["甲", "甲", ""],
      answer: "X",
    };
    expect(codes(validateDraft(bad))).toEqual([
      "missingStem",
      "missingKnowledgePoint",
      "duplicateOption",
      "emptyOption",
      "answerLetterWithoutOption",
    ]);
  });
});

describe("validateRows", () => {
  it("separates valid rows from problems and finds duplicates in the file and in the bank", () => {
    const result = validateRows(
      [
        { line: 2, draft: single },
        { line: 3, draft: { ...truefalse, stem: "党员大会一般每（）召开１次。" } },
        {
          line: 4,
          stem: "下列属于党员权利的有（ ）。",
          problems: [{ line: 4, column: "题型", code: "unknownType", params: { value: "论文" } }],
        },
        { line: 5, draft: multiple },
        { line: 6, draft: fill },
        { line: 7, draft: { ...short, answer: "" } },
      ],
      { existingStems: new Set([normalizeStem(fill.stem)]) },
    );
    expect(result.valid).toEqual([{ line: 2, draft: single }]);
    expect(result.problems).toEqual([
      { line: 3, column: "题干", code: "duplicateInFile", params: { otherLine: 2 } },
      { line: 4, column: "题型", code: "unknownType", params: { value: "论文" } },
      { line: 5, column: "题干", code: "duplicateInFile", params: { otherLine: 4 } },
      { line: 6, column: "题干", code: "duplicateInBank" },
      { line: 7, column: "答案", code: "answerMissing" },
    ]);
  });

  it("lists a row's problems in column order", () => {
    const draft = { ...single, stem: "", area: "x", options: ["甲", "甲"], answer: "C" } as unknown as QuestionDraft;
    const { problems } = validateRows([{ line: 9, draft }], { existingStems: new Set() });
    expect(problems.map((p) => p.column)).toEqual(["题干", "选项B", "答案", "领域"]);
  });
});

describe("messages", () => {
  it("has a Chinese and an English message for every code, with the same params", () => {
    const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of PROBLEM_CODES) {
      expect(PROBLEM_MESSAGES_ZH[code], code).toMatch(/[\u4e00-\u9fff]/);
      expect(PROBLEM_MESSAGES_EN[code], code).toBeTruthy();
      expect(params(PROBLEM_MESSAGES_EN[code]), code).toEqual(params(PROBLEM_MESSAGES_ZH[code]));
    }
  });

  it("interpolates params", () => {
    const problem: Problem = { line: 3, column: "答案", code: "answerLetterWithoutOption", params: { letter: "E" } };
    expect(formatProblem(problem)).toBe("答案中的字母 E 没有对应的选项。");
    expect(formatProblem(problem, PROBLEM_MESSAGES_EN)).toBe("The answer letter E has no matching option.");
  });
});

describe("validateDraft: matching and numeric", () => {
  const matching: QuestionDraft = {
    type: "matching",
    stem: "将会议与召开频次连线。",
    ...common,
    pairs: [
      { premise: "党员大会", response: "每季度" },
      { premise: "党小组会", response: "每月" },
    ],
    distractors: ["每年"],
  };
  const numeric: QuestionDraft = {
    type: "numeric",
    stem: "有正式党员几人以上设支部委员会？",
    ...common,
    answer: [{ kind: "tolerance", value: 7, tolerance: 0, percent: 100 }],
    units: ["人", "名"],
  };

  it("accepts good ones", () => {
    expect(validateDraft(matching)).toEqual([]);
    expect(validateDraft(numeric)).toEqual([]);
  });

  it("checks the pairs of a matching question, naming the option column of each", () => {
    expect(validateDraft({ ...matching, pairs: matching.pairs.slice(0, 1) })).toEqual([
      { line: 0, column: "选项B", code: "matchingTooFewPairs", params: { min: 2 } },
    ]);
    expect(codes(validateDraft({ ...matching, distractors: "1234567".split("") }))).toEqual(["matchingTooManyItems"]);
    expect(validateDraft({ ...matching, pairs: [matching.pairs[0], { premise: " ", response: "每月" }] })).toEqual([
      { line: 0, column: "选项B", code: "matchingEmptyPair", params: { letter: "B" } },
    ]);
    expect(codes(validateDraft({ ...matching, pairs: [matching.pairs[0], { premise: "甲 -> 乙", response: "每月" }] }))).toEqual([
      "matchingArrowInText",
    ]);
    expect(validateDraft({ ...matching, pairs: [...matching.pairs, { premise: "党员大会", response: "每年" }] })).toEqual([
      { line: 0, column: "选项C", code: "matchingDuplicatePremise", params: { letter: "C", otherLetter: "A" } },
      { line: 0, column: "选项D", code: "matchingDistractorRepeats", params: { letter: "D", value: "每年" } },
    ]);
    expect(codes(validateDraft({ ...matching, distractors: ["每月"] }))).toEqual(["matchingDistractorRepeats"]);
  });

  it("checks the answers and units of a numeric question", () => {
    const answer = (a: object) => ({ ...numeric, answer: [a] }) as QuestionDraft;
    expect(codes(validateDraft({ ...numeric, answer: [] }))).toEqual(["answerMissing"]);
    expect(codes(validateDraft(answer({ kind: "tolerance", value: 7, tolerance: 0, percent: 50 })))).toEqual(["numericNeedsFullAnswer"]);
    expect(codes(validateDraft(answer({ kind: "range", min: 5, max: 1, percent: 100 })))).toEqual(["numericRangeReversed"]);
    expect(codes(validateDraft(answer({ kind: "tolerance", value: 7, tolerance: -1, percent: 100 })))).toEqual([
      "numericToleranceNegative",
    ]);
    expect(codes(validateDraft(answer({ kind: "tolerance", value: 7, tolerance: 0, percent: 120 })))).toEqual([
      "numericPercentInvalid",
      "numericNeedsFullAnswer",
    ]);
    expect(validateDraft({ ...numeric, units: ["人", "2人"] })).toEqual([
      { line: 0, column: "选项B", code: "numericUnitInvalid", params: { letter: "B", value: "2人", max: 10 } },
    ]);
    expect(codes(validateDraft({ ...numeric, units: ["人", " 人 "] }))).toEqual(["duplicateOption"]);
    expect(codes(validateDraft({ ...numeric, units: [""] }))).toEqual(["numericUnitInvalid"]);
  });

  it("has a Chinese and an English message for every new problem", () => {
    for (const code of PROBLEM_CODES) {
      expect(PROBLEM_MESSAGES_ZH[code], code).toMatch(/[\u4e00-\u9fff]/);
      expect(PROBLEM_MESSAGES_EN[code], code).toBeTruthy();
    }
  });
});

import { describe, expect, it } from "vitest";
import type { QuestionDraft } from "./question";
import {
  TABLE_COLUMNS,
  collectRows,
  columnOfHeader,
  createTableReader,
  draftToRow,
  matchHeader,
  parseBlanks,
  parseDifficulty,
  parseLetters,
  parseQuestionType,
  parseTrueFalse,
  rowToDraft,
  type TableCells,
} from "./table-format";
import { TEMPLATE_EXAMPLES } from "./template-examples";

const row = (cells: TableCells): TableCells => ({ 解析: "", 难度: "2", 知识点: "三会一课", 领域: "操作实务", ...cells });

describe("header", () => {
  it("matches the exact headers and tolerates spaces, full-width letters and marks", () => {
    expect(TABLE_COLUMNS).toEqual([
      "题型",
      "题干",
      "选项A",
      "选项B",
      "选项C",
      "选项D",
      "选项E",
      "选项F",
      "选项G",
      "选项H",
      "答案",
      "解析",
      "难度",
      "知识点",
      "领域",
    ]);
    expect(columnOfHeader(" 题型 ")).toBe("题型");
    expect(columnOfHeader("选项Ａ")).toBe("选项A");
    expect(columnOfHeader("选项 b")).toBe("选项B");
    expect(columnOfHeader("*题干")).toBe("题干");
    expect(columnOfHeader("答案（必填）")).toBe("答案");
    expect(columnOfHeader("正确答案")).toBe("答案");
    expect(columnOfHeader("备注")).toBeNull();
  });

  it("takes the column order from the header and reports missing required columns at its line", () => {
    const { columns, problems } = matchHeader(["领域", "备注", "题干", "题型", "答案", "难度"], 1);
    expect(columns).toEqual(["领域", null, "题干", "题型", "答案", "难度"]);
    expect(problems).toEqual([{ line: 1, column: "知识点", code: "missingColumn", params: { column: "知识点" } }]);
  });
});

describe("answer encodings", () => {
  it("reads question types and their aliases", () => {
    expect(["单选题", "单选", "多选题", "判断", "填空题", "简答", "问答题", "single", " Multiple "].map(parseQuestionType)).toEqual([
      "single",
      "single",
      "multiple",
      "truefalse",
      "fill",
      "short",
      "short",
      "single",
      "multiple",
    ]);
    expect(parseQuestionType("论述")).toBeUndefined();
  });

  it("reads choice letters in any common spelling", () => {
    expect(parseLetters("ABD")).toBe("ABD");
    expect(parseLetters("A,B,D")).toBe("ABD");
    expect(parseLetters("A、B、D")).toBe("ABD");
    expect(parseLetters("d b a")).toBe("ABD");
    expect(parseLetters("ＡＣ")).toBe("AC");
    expect(parseLetters("对")).toBeUndefined();
  });

  it("reads true/false answers", () => {
    for (const v of ["对", "正确", "√", "T", "true", "TRUE", "是"]) expect(parseTrueFalse(v), v).toBe(true);
    for (const v of ["错", "错误", "×", "F", "false", "否"]) expect(parseTrueFalse(v), v).toBe(false);
    expect(parseTrueFalse("不对")).toBeUndefined();
  });

  it("reads fill-in answers: blanks by ；or ; and alternatives by |", () => {
    expect(parseBlanks("五|5；二十五|25")).toEqual([
      ["五", "5"],
      ["二十五", "25"],
    ]);
    expect(parseBlanks("季度 | 季;月")).toEqual([["季度", "季"], ["月"]]);
    expect(parseBlanks("民主集中制；")).toEqual([["民主集中制"]]);
    expect(parseBlanks("五；；六")).toEqual([["五"], [], ["六"]]);
    expect(parseBlanks("")).toEqual([]);
  });

  it("reads difficulties as numbers or words", () => {
    expect(["1", "5", "３", "3.0", "较难"].map(parseDifficulty)).toEqual([1, 5, 3, 3, 4]);
    expect(["0", "6", "2.5", "", "hard"].map(parseDifficulty)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("rowToDraft", () => {
  it("decodes every type", () => {
    expect(rowToDraft(row({ 题型: "单选题", 题干: "党员大会一般每（ ）召开1次。", 选项A: "月", 选项B: "季度", 答案: "b" }), 2)).toEqual({
      draft: {
        type: "single",
        stem: "党员大会一般每（ ）召开1次。",
        area: "practice",
        knowledgePoint: "三会一课",
        difficulty: 2,
        explanation: "",
        options: ["月", "季度"],
        answer: "B",
      },
      stem: "党员大会一般每（ ）召开1次。",
      problems: [],
    });
    expect(rowToDraft(row({ 题型: "多选", 题干: "q", 选项A: "甲", 选项B: "乙", 选项C: "丙", 答案: "C、A" }), 2).draft).toMatchObject({
      type: "multiple",
      answer: "AC",
    });
    expect(rowToDraft(row({ 题型: "判断题", 题干: "q", 选项A: "正确", 选项B: "错误", 答案: "×" }), 2).draft).toMatchObject({
      type: "truefalse",
      answer: false,
    });
    expect(rowToDraft(row({ 题型: "填空题", 题干: "分为____个阶段、____个步骤。", 答案: "五|5；二十五|25" }), 2).draft).toMatchObject({
      type: "fill",
      answer: [
        ["五", "5"],
        ["二十五", "25"],
      ],
    });
    expect(
      rowToDraft(row({ 题型: "问答题", 题干: "q", 选项A: "要点一", 选项C: "要点二", 答案: "参考答案\r\n第二行" }), 2).draft,
    ).toMatchObject({
      type: "short",
      answer: "参考答案\n第二行",
      markingPoints: ["要点一", "要点二"],
    });
    expect(rowToDraft(row({ 题型: "判断题", 题干: "q", 答案: "对", 领域: "theory", 难度: "易" }), 2).draft).toMatchObject({
      area: "theory",
      difficulty: 1,
    });
  });

  it("reports every problem of a row with its line and column", () => {
    const result = rowToDraft({ 题型: "单选题", 题干: "", 选项A: "月", 选项C: "月", 答案: "BE", 难度: "9", 知识点: "", 领域: "党史" }, 12);
    expect(result.draft).toBeUndefined();
    expect(result.problems).toEqual([
      { line: 12, column: "题干", code: "missingStem" },
      { line: 12, column: "选项B", code: "emptyOption", params: { letter: "B" } },
      { line: 12, column: "选项C", code: "duplicateOption", params: { letter: "C", otherLetter: "A" } },
      { line: 12, column: "答案", code: "singleNeedsOneAnswer", params: { value: "BE" } },
      { line: 12, column: "答案", code: "answerLetterWithoutOption", params: { letter: "E" } },
      { line: 12, column: "难度", code: "difficultyOutOfRange", params: { value: "9" } },
      { line: 12, column: "知识点", code: "missingKnowledgePoint" },
      { line: 12, column: "领域", code: "unknownArea", params: { value: "党史" } },
    ]);
  });

  it("still checks the other columns when the type is unknown", () => {
    expect(rowToDraft(row({ 题型: "论文题", 题干: "", 答案: "x" }), 3).problems).toEqual([
      { line: 3, column: "题型", code: "unknownType", params: { value: "论文题" } },
      { line: 3, column: "题干", code: "missingStem" },
    ]);
  });

  it("reports answers that cannot be read", () => {
    const codes = (cells: TableCells) => rowToDraft(row(cells), 2).problems.map((p) => p.code);
    expect(codes({ 题型: "单选题", 题干: "q", 选项A: "甲", 选项B: "乙", 答案: "甲" })).toEqual(["answerNotLetters"]);
    expect(codes({ 题型: "单选题", 题干: "q", 选项A: "甲", 选项B: "乙", 答案: "" })).toEqual(["answerMissing"]);
    expect(codes({ 题型: "多选题", 题干: "q", 选项A: "甲", 选项B: "乙", 选项C: "丙", 答案: "B" })).toEqual(["multipleNeedsTwoAnswers"]);
    expect(codes({ 题型: "判断题", 题干: "q", 答案: "不一定" })).toEqual(["truefalseAnswerInvalid"]);
    expect(codes({ 题型: "判断题", 题干: "q", 答案: "" })).toEqual(["answerMissing"]);
    expect(codes({ 题型: "填空题", 题干: "分为____个阶段、____个步骤。", 答案: "五" })).toEqual(["blankCountMismatch"]);
    expect(codes({ 题型: "填空题", 题干: "没有空。", 答案: "五" })).toEqual(["blankCountMismatch"]);
    expect(codes({ 题型: "简答题", 题干: "q", 答案: "" })).toEqual(["answerMissing"]);
  });
});

describe("draftToRow", () => {
  it("is the inverse of rowToDraft", () => {
    for (const draft of TEMPLATE_EXAMPLES) {
      const cells = Object.fromEntries(TABLE_COLUMNS.map((c, i) => [c, draftToRow(draft)[i]])) as TableCells;
      expect(rowToDraft(cells, 2).draft).toEqual(draft);
    }
  });

  it("writes the canonical encodings", () => {
    const [single, multiple, truefalse, fill, short] = TEMPLATE_EXAMPLES;
    const at = (draft: QuestionDraft, column: (typeof TABLE_COLUMNS)[number]) => draftToRow(draft)[TABLE_COLUMNS.indexOf(column)];
    expect([at(single, "题型"), at(single, "答案"), at(single, "领域"), at(single, "难度")]).toEqual(["单选题", "B", "操作实务", "1"]);
    expect(at(multiple, "答案")).toBe("ABCD");
    expect(at(truefalse, "答案")).toBe("对");
    expect(at({ ...truefalse, answer: false } as QuestionDraft, "答案")).toBe("错");
    expect(at(fill, "答案")).toBe("五|5；二十五|25");
    expect(at(short, "选项A")).toBe("答出五项及以上权利，每项1分，最多5分（5分）");
  });
});

describe("createTableReader", () => {
  it("skips blank rows, uses the first non-blank row as the header and counts data rows", () => {
    const seen: number[] = [];
    const reader = createTableReader((_, line) => seen.push(line));
    reader.push(["", ""], 1);
    reader.push(["题型", "题干", "答案", "难度", "知识点", "领域"], 2);
    reader.push(["判断题", "q", "对", "1", "k", "theory"], 3);
    reader.push(["", " "], 4);
    reader.push(["判断题", "q2", "对", "1", "k", "theory"], 5);
    expect(reader.finish()).toEqual({ rows: 2, fileProblems: [] });
    expect(seen).toEqual([3, 5]);
  });

  it("skips a title row above the header", () => {
    const { rows, onRow } = collectRows();
    const reader = createTableReader(onRow);
    reader.push(["红帆题库导入（2026年）"], 1);
    reader.push(["题型", "题干", "答案", "难度", "知识点", "领域"], 2);
    reader.push(["判断题", "q", "对", "1", "k", "theory"], 3);
    expect(reader.finish()).toEqual({ rows: 1, fileProblems: [] });
    expect(rows.map((r) => r.line)).toEqual([3]);
  });

  it("reports the first row's missing columns when no row looks like a header", () => {
    const reader = createTableReader(() => {});
    reader.push(["判断题", "q", "对"], 1);
    reader.push(["判断题", "q2", "对"], 2);
    expect(reader.finish().fileProblems.map((p) => [p.line, p.code, p.column])).toEqual([
      [1, "missingColumn", "题型"],
      [1, "missingColumn", "题干"],
      [1, "missingColumn", "答案"],
      [1, "missingColumn", "难度"],
      [1, "missingColumn", "知识点"],
      [1, "missingColumn", "领域"],
    ]);
  });

  it("passes no row on when a required column is missing, and reports an empty file", () => {
    const { rows, onRow } = collectRows();
    const reader = createTableReader(onRow);
    reader.push(["题型", "题干"], 1);
    reader.push(["判断题", "q"], 2);
    expect(reader.finish().fileProblems.map((p) => p.column)).toEqual(["答案", "难度", "知识点", "领域"]);
    expect(rows).toEqual([]);

    const empty = createTableReader(() => {});
    empty.push(["题型", "题干", "答案", "难度", "知识点", "领域"], 1);
    expect(empty.finish()).toEqual({ rows: 0, fileProblems: [{ line: 1, column: "", code: "emptyFile" }] });
    expect(createTableReader(() => {}).finish().fileProblems).toEqual([{ line: 1, column: "", code: "emptyFile" }]);
  });
});

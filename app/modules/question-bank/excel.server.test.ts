import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildTemplateWorkbook, cellText, parseQuestionWorkbook, readQuestionWorkbook, writeQuestionWorkbook } from "./excel.server";
import type { QuestionDraft } from "./question";
import { TABLE_COLUMNS } from "./table-format";
import { TEMPLATE_EXAMPLE_SLUGS, TEMPLATE_EXAMPLES } from "./template-examples";
import { QUESTION_TYPES } from "./question";
import { validateRows } from "./validate";

const common = { area: "theory", knowledgePoint: "党的创建", difficulty: 3, explanation: "" } as const;

async function workbookOf(rows: ExcelJS.CellValue[][], extra?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("题目");
  for (const r of rows) ws.addRow(r);
  extra?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const header = [...TABLE_COLUMNS];
/** A data row from column → value pairs, in template order. */
const dataRow = (cells: Partial<Record<(typeof TABLE_COLUMNS)[number], ExcelJS.CellValue>>) => TABLE_COLUMNS.map((c) => cells[c] ?? null);

const tmp = mkdtempSync(join(tmpdir(), "qb-excel-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the template", () => {
  it("reads back as one valid example question per type", async () => {
    const { rows, fileProblems } = await parseQuestionWorkbook(await buildTemplateWorkbook());
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual(TEMPLATE_EXAMPLES.map((_, i) => i + 2));
    const { valid, problems } = validateRows(rows, { existingStems: new Set() });
    expect(problems).toEqual([]);
    expect(valid.map((v) => v.draft)).toEqual(TEMPLATE_EXAMPLES);
    expect(valid.map((v) => v.draft.type)).toEqual(["single", "multiple", "truefalse", "fill", "short", "matching", "numeric"]);
  });

  it("uses real questions from the content bank", () => {
    const dir = fileURLToPath(new URL("../../../content/questions/", import.meta.url));
    const bySlug = new Map<string, unknown>();
    for (const file of readdirSync(dir)) {
      for (const { slug, ...draft } of JSON.parse(readFileSync(dir + file, "utf-8")).questions) bySlug.set(slug, draft);
    }
    const slugs = TEMPLATE_EXAMPLE_SLUGS;
    expect(slugs).toHaveLength(QUESTION_TYPES.length);
    slugs.forEach((slug, i) => expect(TEMPLATE_EXAMPLES[i], slug).toEqual(bySlug.get(slug)));
  });

  it("has a bold frozen header, column widths, drop-downs and an explanation sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplateWorkbook()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(["题目", "说明"]);
    const sheet = wb.getWorksheet("题目")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(1).width!);
    expect(sheet.getCell("A2").dataValidation).toMatchObject({ type: "list" });
    const help = wb.getWorksheet("说明")!;
    const text = help
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === "string")
      .join("\n");
    for (const column of ["题型", "题干", "选项A–选项H", "答案", "解析", "难度", "知识点", "领域"]) expect(text).toContain(column);
    for (const encoding of ["ABD", "对", "五|5；二十五|25", "评分要点", "党的历史和党建理论"]) expect(text).toContain(encoding);
  });
});

describe("export and import", () => {
  const tricky: QuestionDraft[] = [
    {
      type: "single",
      stem: "“三会一课”中的“一课”是指（ ）。",
      ...common,
      options: ["党课", "=SUM(A1)", "1", '<b>&lt;</b> & "引号"'],
      answer: "A",
    },
    {
      type: "multiple",
      stem: "多行题干\n第二行：选出正确的",
      ...common,
      options: ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"],
      answer: "ACEH",
    },
    { type: "truefalse", stem: "党的最高理想是实现共产主义。", ...common, answer: true, explanation: "党章总纲。" },
    { type: "truefalse", stem: "预备党员有表决权。", ...common, answer: false },
    { type: "fill", stem: "预备期为____，从支部大会通过之日起计算____。", ...common, answer: [["一年", "1年"], ["预备期"]] },
    {
      type: "short",
      stem: "简述“三会一课”。",
      ...common,
      answer: "支部党员大会、支部委员会、党小组会和党课。",
      markingPoints: ["要点一", "要点二😀"],
    },
  ];

  it("round-trips every type, including quotes, markup, formulas-looking text and newlines", async () => {
    const buffer = await writeQuestionWorkbook(tricky);
    const { rows, fileProblems } = await parseQuestionWorkbook(buffer);
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.draft)).toEqual(tricky);
  });

  it("exports with the template's bold, frozen header", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeQuestionWorkbook(tricky)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe("题目");
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(50);
    expect(sheet.getRow(2).getCell(TABLE_COLUMNS.indexOf("难度") + 1).value).toBe(3);
  });

  it("reads from a path and from a stream", async () => {
    const buffer = await writeQuestionWorkbook(tricky);
    const path = join(tmp, "export.xlsx");
    writeFileSync(path, buffer);
    expect((await parseQuestionWorkbook(path)).rows.map((r) => r.draft)).toEqual(tricky);
    expect((await parseQuestionWorkbook(Readable.from([buffer], { objectMode: false }))).rows.map((r) => r.draft)).toEqual(tricky);
  });

  it("keeps Chinese text intact across the reader's chunk boundaries", async () => {
    // exceljs decodes 16 KB chunks separately; without the work-around some characters become U+FFFD.
    const many: QuestionDraft[] = Array.from({ length: 1500 }, (_, i) => ({
      type: "truefalse",
      stem: `第${i}题：党支部党员大会一般每季度召开一次，党支部委员会会议一般每月召开一次。`,
      ...common,
      answer: i % 2 === 0,
    }));
    const { rows } = await parseQuestionWorkbook(await writeQuestionWorkbook(many));
    expect(rows.filter((r) => JSON.stringify(r).includes("\ufffd"))).toEqual([]);
    expect(rows.map((r) => r.draft)).toEqual(many);
  });
});

describe("reading workbooks made elsewhere", () => {
  it("reports bad rows with their row numbers and every problem", async () => {
    const buffer = await workbookOf([
      header,
      dataRow({ 题型: "单选题", 题干: "好题", 选项A: "月", 选项B: "季度", 答案: "B", 难度: 1, 知识点: "三会一课", 领域: "操作实务" }),
      dataRow({ 题型: "单选题", 题干: "坏题", 选项A: "月", 答案: "C", 难度: 7, 知识点: "三会一课", 领域: "操作实务" }),
      [],
      dataRow({ 题型: "作文题", 题干: "好题", 答案: "x", 难度: 3, 知识点: "k", 领域: "theory" }),
      dataRow({ 题型: "填空题", 题干: "分为____个阶段", 答案: "五；二十五", 难度: 2, 知识点: "", 领域: "basics" }),
    ]);
    const { rows, fileProblems } = await parseQuestionWorkbook(buffer);
    expect(fileProblems).toEqual([]);
    const { valid, problems } = validateRows(rows, { existingStems: new Set() });
    expect(valid.map((v) => v.line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, column: "选项B", code: "tooFewOptions", params: { min: 2 } },
      { line: 3, column: "答案", code: "answerLetterWithoutOption", params: { letter: "C" } },
      { line: 3, column: "难度", code: "difficultyOutOfRange", params: { value: "7" } },
      { line: 5, column: "题型", code: "unknownType", params: { value: "作文题" } },
      { line: 5, column: "题干", code: "duplicateInFile", params: { otherLine: 2 } },
      { line: 6, column: "答案", code: "blankCountMismatch", params: { blanks: 1, answers: 2 } },
      { line: 6, column: "知识点", code: "missingKnowledgePoint" },
    ]);
  });

  it("turns rich text, numbers, formulas, hyperlinks and booleans into plain strings", async () => {
    const buffer = await workbookOf([
      ["领域", "题型", "题干", "答案", "难度", "知识点", "选项A", "选项B", "备注"],
      [
        "theory",
        "单选题",
        { richText: [{ text: "党的" }, { font: { bold: true }, text: "最高理想" }, { text: "是（ ）。" }] },
        { formula: "CHAR(65)", result: "A" },
        { formula: "1+2", result: 3 },
        { text: "党的性质", hyperlink: "https://example.org/" },
        "实现共产主义",
        2035,
        "ignored",
      ],
      ["theory", "判断题", "党的根本组织原则是民主集中制。", true, 1, "民主集中制"],
    ]);
    const { rows, fileProblems } = await parseQuestionWorkbook(buffer);
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.draft)).toEqual([
      {
        type: "single",
        stem: "党的最高理想是（ ）。",
        area: "theory",
        knowledgePoint: "党的性质",
        difficulty: 3,
        explanation: "",
        options: ["实现共产主义", "2035"],
        answer: "A",
      },
      {
        type: "truefalse",
        stem: "党的根本组织原则是民主集中制。",
        area: "theory",
        knowledgePoint: "民主集中制",
        difficulty: 1,
        explanation: "",
        answer: true,
      },
    ]);
  });

  it("skips a title row above the header and keeps the row numbers", async () => {
    const buffer = await workbookOf([
      ["红帆领航员题库（2026年版）"],
      header,
      dataRow({ 题型: "判断题", 题干: "q", 答案: "对", 难度: 1, 知识点: "k", 领域: "theory" }),
    ]);
    const { rows, fileProblems } = await parseQuestionWorkbook(buffer);
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => [r.line, r.draft?.stem])).toEqual([[3, "q"]]);
  });

  it("reads only the first worksheet", async () => {
    const buffer = await workbookOf(
      [header, dataRow({ 题型: "判断题", 题干: "第一个工作表", 答案: "对", 难度: 1, 知识点: "k", 领域: "theory" })],
      (wb) => wb.addWorksheet("说明").addRow(["这里的内容不是题目"]),
    );
    const { rows, fileProblems } = await parseQuestionWorkbook(buffer);
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.draft?.stem)).toEqual(["第一个工作表"]);
  });

  it("reports a missing column at line 1 and passes no row on", async () => {
    const buffer = await workbookOf([
      ["题型", "题干", "答案", "难度", "知识点"],
      ["判断题", "q", "对", 1, "k"],
    ]);
    const seen: number[] = [];
    const result = await readQuestionWorkbook(buffer, (_, line) => seen.push(line));
    expect(result).toEqual({ rows: 0, fileProblems: [{ line: 1, column: "领域", code: "missingColumn", params: { column: "领域" } }] });
    expect(seen).toEqual([]);
  });

  it("reports an empty sheet and an unreadable file instead of throwing", async () => {
    expect((await parseQuestionWorkbook(await workbookOf([header]))).fileProblems).toEqual([{ line: 1, column: "", code: "emptyFile" }]);
    expect((await parseQuestionWorkbook(await workbookOf([]))).fileProblems).toEqual([{ line: 1, column: "", code: "emptyFile" }]);
    const garbage = await parseQuestionWorkbook(Buffer.from("题型,题干\n这不是 xlsx 文件"));
    expect(garbage.fileProblems.map((p) => p.code)).toEqual(["unreadableFile"]);
  });

  it("lets an error thrown by onRow through", async () => {
    const buffer = await writeQuestionWorkbook(TEMPLATE_EXAMPLES);
    await expect(
      readQuestionWorkbook(buffer, () => {
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
  });
});

describe("cellText", () => {
  it("flattens every kind of cell value", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(3)).toBe("3");
    expect(cellText(0.1 + 0.2)).toBe("0.3");
    expect(cellText(false)).toBe("FALSE");
    expect(cellText({ richText: [{ text: "甲" }, { text: "乙" }] })).toBe("甲乙");
    expect(cellText({ formula: "A1", result: { error: "#N/A" } } as unknown as ExcelJS.CellValue)).toBe("");
    expect(cellText({ text: { richText: [{ text: "链接" }] }, hyperlink: "x" } as unknown as ExcelJS.CellValue)).toBe("链接");
    expect(cellText("第一行_x000D_\n第二行")).toBe("第一行\r\n第二行");
  });
});

describe("hostile workbooks (ASVS 5.3.10, 5.5.2)", () => {
  it("does not resolve an external entity declared in the sheet XML (XXE): the file is refused, nothing read from the file system", async () => {
    const { default: JSZip } = await import("jszip");
    const good = await workbookOf([
      header,
      dataRow({ 题型: "判断题", 题干: "PLACEHOLDER", 答案: "对", 领域: "党的历史和党建理论", 知识点: "党的创建", 难度: 3 }),
    ]);
    const zip = await JSZip.loadAsync(good);
    const part = Object.keys(zip.files).find((n) => n === "xl/sharedStrings.xml") ?? "xl/worksheets/sheet1.xml";
    const xml = await zip.file(part)!.async("string");
    expect(xml).toContain("PLACEHOLDER");
    const hostile = xml
      .replace(/^(<\?xml[^>]*\?>)?/, (decl) => `${decl}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`)
      .replace("PLACEHOLDER", "&xxe;");
    zip.file(part, hostile);
    const bytes = Buffer.from(await zip.generateAsync({ type: "nodebuffer" }));
    const outcome = await parseQuestionWorkbook(bytes).then(
      (r) => JSON.stringify(r),
      (e: unknown) => String(e),
    );
    // The SAX reader does not load external entities: the file is refused as unreadable, never expanded from the disk.
    expect(JSON.parse(outcome)).toMatchObject({ rows: [], fileProblems: [{ code: "unreadableFile" }] });
    expect(outcome).not.toContain("root:");
    expect(outcome).not.toMatch(/\/bin\/(ba)?sh/);
  });
});

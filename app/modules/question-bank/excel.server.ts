import ExcelJS from "exceljs";
import { Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { IMPORT_LIMITS, yieldToEventLoop } from "../imports/limits";
import { AREA_NAMES_ZH, AREAS, QUESTION_TYPES, type QuestionDraft } from "./question";
import { QUESTION_TYPE_REGISTRY } from "./types/registry";
import { TEMPLATE_EXAMPLES } from "./template-examples";
import {
  TABLE_COLUMNS,
  TYPE_NAMES_ZH,
  collectRows,
  createTableReader,
  draftToRow,
  type TableCells,
  type TableColumn,
  type TableImport,
} from "./table-format";
import type { Problem } from "./validate";

/**
 * The Excel (.xlsx) question template, import and export. Reading uses exceljs's streaming reader,
 * so a 10,000-question workbook is read row by row without holding the workbook in memory (the
 * shared-strings table is kept, as the format requires; worksheets that come before it in the zip
 * are buffered on disk by exceljs).
 */

export const QUESTION_SHEET_NAME = "题目";
export const HELP_SHEET_NAME = "说明";

const COLUMN_WIDTHS: Record<TableColumn, number> = {
  题型: 10,
  题干: 50,
  选项A: 22,
  选项B: 22,
  选项C: 22,
  选项D: 22,
  选项E: 18,
  选项F: 18,
  选项G: 18,
  选项H: 18,
  答案: 18,
  解析: 44,
  难度: 8,
  知识点: 16,
  领域: 20,
};

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFCE4E4" } };
const DIFFICULTY_COLUMN = TABLE_COLUMNS.indexOf("难度") + 1;

function columnLayout(): Partial<ExcelJS.Column>[] {
  return TABLE_COLUMNS.map((header) => ({
    key: header,
    width: COLUMN_WIDTHS[header],
    // Text format, so Excel keeps answers such as "1" or "3-5" as typed (难度 stays a number).
    style:
      header === "难度"
        ? { alignment: { horizontal: "center", vertical: "top" } }
        : { numFmt: "@", alignment: { vertical: "top", wrapText: header === "题干" || header === "解析" || header === "答案" } },
  }));
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.fill = HEADER_FILL;
  row.alignment = { vertical: "middle", horizontal: "center" };
  row.height = 20;
}

/** A draft as spreadsheet cell values: text, with 难度 as a number. */
function excelRow(draft: QuestionDraft): (string | number)[] {
  return draftToRow(draft).map((cell, i) => (i + 1 === DIFFICULTY_COLUMN ? Number(cell) : cell));
}

/** The import template: sheet 题目 with the header and one 示例 row per type, sheet 说明 with the rules. */
export async function buildTemplateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet(QUESTION_SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columnLayout();
  const header = sheet.addRow([...TABLE_COLUMNS]);
  styleHeader(header);
  for (const example of TEMPLATE_EXAMPLES) sheet.addRow(excelRow(example));
  sheet.getCell("A2").note = "第 2–6 行是示例（每种题型一道），导入前请删除或替换。填写规则见“说明”工作表。";

  // Drop-down lists for the coded columns. A warning, not a stop: the readers accept aliases too.
  const col = (c: TableColumn) => sheet.getColumn(TABLE_COLUMNS.indexOf(c) + 1).letter;
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const lastRow = 10000;
  const list = (values: readonly string[]): ExcelJS.DataValidation => ({
    type: "list",
    allowBlank: true,
    formulae: [`"${values.join(",")}"`],
    showErrorMessage: true,
    errorStyle: "warning",
  });
  validations.add(`${col("题型")}2:${col("题型")}${lastRow}`, list(Object.values(TYPE_NAMES_ZH)));
  validations.add(`${col("领域")}2:${col("领域")}${lastRow}`, list(AREAS.map((a) => AREA_NAMES_ZH[a])));
  validations.add(`${col("难度")}2:${col("难度")}${lastRow}`, {
    type: "whole",
    operator: "between",
    allowBlank: true,
    formulae: [1, 5],
    showErrorMessage: true,
    errorStyle: "warning",
    error: "难度应为 1 到 5 之间的整数。",
  });

  const help = workbook.addWorksheet(HELP_SHEET_NAME);
  help.columns = [
    { key: "column", width: 14 },
    { key: "required", width: 8 },
    { key: "text", width: 100, style: { alignment: { wrapText: true, vertical: "top" } } },
  ];
  styleHeader(help.addRow(["列名", "必填", "填写说明"]));
  for (const [column, required, text] of HELP_ROWS) help.addRow([column, required, text]);
  help.addRow([]);
  for (const note of HELP_NOTES) help.addRow(["", "", note]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 题型: every type's name, and the other names it is read by (each type's table names). */
function typeHelp(): string {
  const names = QUESTION_TYPES.map((t) => QUESTION_TYPE_REGISTRY[t].table.names);
  const first = names.map((n) => n[0]);
  return `${first.slice(0, -1).join("、")}或${first[first.length - 1]}（也可写作 ${names.flatMap((n) => n.slice(1)).join("、")}）。`;
}

/** 选项A–H: what each type puts there; the types that leave them empty. */
function optionsHelp(): string {
  const help = QUESTION_TYPES.map((t) => ({
    name: QUESTION_TYPE_REGISTRY[t].table.names[0],
    text: QUESTION_TYPE_REGISTRY[t].table.help.options,
  }));
  const none = help.filter((h) => h.text === "").map((h) => h.name);
  return help.map((h) => h.text).join("") + (none.length ? `${none.join("、")}不填。` : "");
}

const HELP_ROWS: readonly [string, string, string][] = [
  ["题型", "是", typeHelp()],
  ["题干", "是", "题目正文，不超过 2000 字。填空题用连续 4 个或更多下划线“____”标出每个空，有几个空就写几组答案。"],
  ["选项A–选项H", "选择题必填", optionsHelp()],
  ["答案", "是", QUESTION_TYPES.map((t) => QUESTION_TYPE_REGISTRY[t].table.help.answer).join("")],
  ["解析", "否", "答案解析，考试结果公布后向考生展示。"],
  ["难度", "是", "1 到 5 的整数，1 最容易，5 最难（也可写作 易、较易、中等、较难、难）。"],
  ["知识点", "是", "题目考查的知识点，如“三会一课”“发展党员程序”，用于组卷和统计分析。"],
  ["领域", "是", "党的历史和党建理论、党务工作基础知识、操作实务 或 经验交流。"],
];

const HELP_NOTES: readonly string[] = [
  "说明：",
  "1. 第 1 行是表头，请不要修改或删除；列的顺序可以调整，多出的列会被忽略。",
  "2. “题目”工作表第 2–6 行是各题型的示例，导入前请删除或替换为自己的题目；与题库中已有题目题干相同的行会被报告为重复。",
  "3. 导入时先检查全部题目，逐行列出有问题的行号和原因；所有问题改正后才会导入（也可以选择只导入没有问题的题目）。",
  "4. 只读取第一个工作表；单元格中可以换行（Alt+Enter）。",
  "5. 也可以把“题目”工作表另存为 CSV（逗号分隔）文件导入，UTF-8 和 GBK 编码均可。",
];

/** Plain text of a cell value: rich text joined, formulas' cached results, hyperlinks' text. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return decodeOoxmlEscapes(value);
  // Excel shows at most 15 significant digits: 0.1+0.2 is "0.3" there, and here.
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText))
      return decodeOoxmlEscapes(value.richText.map((run) => run.text ?? "").join(""));
    if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
    if ("error" in value) return "";
    if ("text" in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  }
  return "";
}

/** Excel writes a carriage return in a cell as `_x000D_`. */
function decodeOoxmlEscapes(s: string): string {
  return s.includes("_x000D_") ? s.replace(/_x000D_/g, "\r") : s;
}

type WorkbookInput = NodeJS.ReadableStream | string | Uint8Array;

function toReadable(input: Exclude<WorkbookInput, string>): Readable {
  if (input instanceof Uint8Array)
    return Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)], { objectMode: false });
  if (input instanceof Readable) return input;
  return new Readable().wrap(input);
}

/**
 * Reads the first worksheet of an .xlsx workbook (a path, a stream or the bytes) row by row: the
 * first non-blank row is the header, each later non-blank row goes to `onRow` with its row number.
 * A file that is not a readable workbook gives an `unreadableFile` problem, not an exception. With
 * `maxRows`, reading stops at the first question row above it (a `tooManyRows` problem).
 */
export async function readQuestionWorkbook(
  input: WorkbookInput,
  onRow: (cells: TableCells, line: number) => void,
  options: { maxRows?: number } = {},
): Promise<{ rows: number; fileProblems: Problem[] }> {
  const table = createTableReader(onRow, options);
  const read = await readFirstWorksheet(input, (values, line) => {
    table.push(values, line);
    return !table.stopped;
  });
  if (read.fileProblems.length) return { rows: 0, fileProblems: read.fileProblems };
  const result = table.finish();
  return table.stopped ? { rows: result.rows, fileProblems: result.fileProblems.filter((p) => p.code === "tooManyRows") } : result;
}

/**
 * Streams the cell texts of the first worksheet, row by row, to `onRow` (which returns false to stop
 * reading: the rest of the file is not parsed). Yields to the event loop every few hundred rows, so a
 * large sheet does not hold up other requests. An unreadable file gives an `unreadableFile` problem.
 */
export async function readFirstWorksheet(
  input: WorkbookInput,
  onRow: (values: string[], line: number) => boolean | void,
): Promise<{ fileProblems: Problem[] }> {
  let callbackError: { error: unknown } | undefined;
  const source = typeof input === "string" ? input : toReadable(input);
  const workbook = utf8SafeReader(
    new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      entries: "ignore",
    }),
  );
  try {
    let emitted = 0;
    let sinceYield = 0;
    sheets: for await (const worksheet of workbook) {
      emitted++;
      if (!isFirstWorksheet(workbook, worksheet, emitted)) {
        // Consumed (not just skipped) so exceljs releases the entry or its temporary file.
        for await (const row of worksheet) void row;
        continue;
      }
      for await (const row of worksheet) {
        const values: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          values[col - 1] = cellText(cell.value);
        });
        let more: boolean | void;
        try {
          more = onRow(
            Array.from(values, (v) => v ?? ""),
            row.number,
          );
        } catch (error) {
          callbackError = { error };
          throw error;
        }
        if (more === false) break sheets;
        if (++sinceYield >= IMPORT_LIMITS.yieldEvery) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    }
  } catch (error) {
    if (callbackError) throw callbackError.error;
    if (isSystemError(error)) throw error;
    return { fileProblems: [{ line: 0, column: "", code: "unreadableFile", params: { message: errorMessage(error) } }] };
  }
  return { fileProblems: [] };
}

type ReaderInternals = {
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};

/**
 * exceljs 4.4's streaming reader decodes every inflated chunk on its own (lib/utils/parse-sax.js), so a
 * multi-byte UTF-8 character split between two chunks comes out as two U+FFFD: about one Chinese
 * character per 16 KB of sheet XML is destroyed (exceljs issues #2063, #2084, #2316; the fixes are
 * unmerged). Its SAX parser passes strings through untouched, so we hand it text decoded with a
 * StringDecoder, which carries an incomplete character over to the next chunk.
 */
function utf8SafeReader(reader: ExcelJS.stream.xlsx.WorkbookReader): ExcelJS.stream.xlsx.WorkbookReader {
  const internals = reader as unknown as ReaderInternals;
  if (
    typeof internals._parseWorkbook !== "function" ||
    typeof internals._parseSharedStrings !== "function" ||
    typeof internals._parseWorksheet !== "function"
  ) {
    throw new Error("exceljs internals changed: review the UTF-8 work-around in excel.server.ts");
  }
  const parseWorkbook = internals._parseWorkbook.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorkbook = (entry) => parseWorkbook(entry.setEncoding("utf8"));
  // Both also get their text in slices of at most 16 K characters with a turn of the event loop
  // between them: exceljs parses a whole inflated chunk synchronously, and the shared strings of a
  // large workbook held the loop for several hundred milliseconds (issue 8 item 3).
  internals._parseSharedStrings = (entry) =>
    parseSharedStrings(Readable.from(decodeUtf8(entry as AsyncIterable<Buffer | string>), { objectMode: false }));
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
  return reader;
}

const SLICE = 16 * 1024;

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    for (let i = 0; i < text.length;) {
      let end = Math.min(i + SLICE, text.length);
      // Never between the two halves of a surrogate pair.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
      yield text.slice(i, end);
      i = end;
      if (i < text.length) await yieldToEventLoop();
    }
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/** Whether a worksheet is the workbook's first tab (zip order may differ from tab order). */
function isFirstWorksheet(workbook: ExcelJS.stream.xlsx.WorkbookReader, worksheet: unknown, emitted: number): boolean {
  const firstName = (workbook as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0]?.name;
  const name = (worksheet as { name?: string }).name;
  if (firstName === undefined || name === undefined) return emitted === 1;
  return name === firstName;
}

function isSystemError(error: unknown): boolean {
  return typeof error === "object" && error !== null && "syscall" in error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads a workbook and decodes every row, for `validateRows`. */
export async function parseQuestionWorkbook(input: WorkbookInput, options: { maxRows?: number } = {}): Promise<TableImport> {
  const { rows, onRow } = collectRows();
  const { fileProblems } = await readQuestionWorkbook(input, onRow, options);
  return { rows, fileProblems };
}

/**
 * Writes drafts in the template's layout to a stream with exceljs's streaming writer, row by row, so
 * a large export does not build the workbook in memory.
 */
export async function streamQuestionWorkbook(
  drafts: Iterable<QuestionDraft> | AsyncIterable<QuestionDraft>,
  output: NodeJS.WritableStream,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output as Writable, useStyles: true, useSharedStrings: true });
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet(QUESTION_SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columnLayout();
  const header = sheet.addRow([...TABLE_COLUMNS]);
  styleHeader(header);
  header.commit();
  for await (const draft of drafts) sheet.addRow(excelRow(draft)).commit();
  sheet.commit();
  await workbook.commit();
}

/** The drafts as an .xlsx file in the template's layout. */
export async function writeQuestionWorkbook(drafts: Iterable<QuestionDraft> | AsyncIterable<QuestionDraft>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await streamQuestionWorkbook(drafts, sink);
  return Buffer.concat(chunks);
}

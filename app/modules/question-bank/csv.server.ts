import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { QuestionDraft } from "./question";
import { TABLE_COLUMNS, collectRows, createTableReader, draftToRow, type TableCells, type TableImport } from "./table-format";
import type { Problem } from "./validate";

/**
 * CSV import and export in the template's columns (see table-format.ts).
 *
 * Reading accepts what Excel and WPS produce: UTF-8 with or without BOM, UTF-16 with BOM ("Unicode
 * text", tab-separated), and GB18030/GBK (Excel on Chinese Windows saves "CSV" in the ANSI code page):
 * bytes that are not valid UTF-8 are decoded as GB18030, a superset of GBK and GB2312. The delimiter is
 * a comma, or a tab when the header row has tabs and no commas. Line numbers are record numbers as a
 * spreadsheet shows them (the header is line 1), also when a quoted cell spans several lines.
 *
 * Writing produces UTF-8 with BOM and CRLF line ends, which Excel opens correctly. A cell that Excel
 * would take for a formula (starting with = + - @) is written with a leading apostrophe, which the
 * reader removes again (CSV injection).
 */

export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

function detectDelimiter(text: string): "," | "\t" {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
}

const FORMULA_START = /^[=+\-@\t\r]/;

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function guard(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * Reads a CSV file: the first non-blank record is the header, each later non-blank record goes to
 * `onRow` with its line. A file that cannot be parsed (an unclosed quote, ...) gives an
 * `unreadableFile` problem.
 */
export function readQuestionCsv(
  input: Uint8Array,
  onRow: (cells: TableCells, line: number) => void,
): { rows: number; fileProblems: Problem[]; encoding: CsvEncoding } {
  const { text, encoding } = decodeCsvBytes(input);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { rows: 0, fileProblems: [{ line: 0, column: "", code: "unreadableFile", params: { message } }], encoding };
  }
  const table = createTableReader(onRow);
  records.forEach((record, i) => table.push(record.map(unguard), i + 1));
  return { ...table.finish(), encoding };
}

/** Reads a CSV file and decodes every row, for `validateRows`. */
export function parseQuestionCsv(input: Uint8Array): TableImport & { encoding: CsvEncoding } {
  const { rows, onRow } = collectRows();
  const { fileProblems, encoding } = readQuestionCsv(input, onRow);
  return { rows, fileProblems, encoding };
}

/** The drafts as CSV in the template's columns: UTF-8 with BOM, CRLF. */
export function writeQuestionCsv(drafts: Iterable<QuestionDraft>): Buffer {
  const records: string[][] = [[...TABLE_COLUMNS]];
  for (const draft of drafts) records.push(draftToRow(draft).map(guard));
  const text = stringify(records, { record_delimiter: "\r\n" });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf-8")]);
}

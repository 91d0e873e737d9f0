import { isUtf8 } from "node:buffer";
import { parse } from "csv-parse";
import { IMPORT_LIMITS, yieldToEventLoop } from "../imports/limits";
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

/** The encoding of a CSV (or GIFT) file and where its text starts (after a BOM). */
export function detectCsvEncoding(bytes: Uint8Array): { encoding: CsvEncoding; offset: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", offset: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", offset: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", offset: 2 };
  return { encoding: isUtf8(bytes) ? "utf-8" : "gb18030", offset: 0 };
}

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
 * Reads a CSV file as a stream of records: the first non-blank record is the header, each later
 * non-blank record goes to `onRow` with its line. A file that cannot be parsed (an unclosed quote,
 * ...) gives an `unreadableFile` problem. With `maxRows`, reading stops at the first question row
 * above it (a `tooManyRows` problem); the event loop gets a turn every few hundred records.
 */
export async function readQuestionCsv(
  input: Uint8Array,
  onRow: (cells: TableCells, line: number) => void,
  options: { maxRows?: number } = {},
): Promise<{ rows: number; fileProblems: Problem[]; encoding: CsvEncoding }> {
  // Decoded and parsed a slice at a time: decoding 20 MB in one call holds the event loop for a second.
  const { encoding, offset } = detectCsvEncoding(input);
  const decoder = new TextDecoder(encoding);
  const CHUNK = 64 * 1024;
  const first = decoder.decode(input.subarray(offset, offset + CHUNK), { stream: true });
  const table = createTableReader(onRow, options);
  const parser = parse({
    delimiter: detectDelimiter(first),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  });
  const write = async (text: string) => {
    if (text !== "" && !parser.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off("drain", done);
          parser.off("close", done);
          resolve();
        };
        parser.on("drain", done);
        parser.on("close", done);
      });
    }
  };
  void (async () => {
    await write(first);
    for (let i = offset + CHUNK; i < input.length && !parser.destroyed; i += CHUNK) {
      await yieldToEventLoop();
      await write(decoder.decode(input.subarray(i, i + CHUNK), { stream: true }));
    }
    if (!parser.destroyed) {
      await write(decoder.decode());
      parser.end();
    }
  })();
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      table.push(record.map(unguard), line);
      if (table.stopped) break;
      if (line % IMPORT_LIMITS.yieldEvery === 0) await yieldToEventLoop();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { rows: 0, fileProblems: [{ line: 0, column: "", code: "unreadableFile", params: { message } }], encoding };
  } finally {
    parser.destroy();
  }
  const result = table.finish();
  return {
    ...(table.stopped ? { rows: result.rows, fileProblems: result.fileProblems.filter((p) => p.code === "tooManyRows") } : result),
    encoding,
  };
}

/** Reads a CSV file and decodes every row, for `validateRows`. */
export async function parseQuestionCsv(
  input: Uint8Array,
  options: { maxRows?: number } = {},
): Promise<TableImport & { encoding: CsvEncoding }> {
  const { rows, onRow } = collectRows();
  const { fileProblems, encoding } = await readQuestionCsv(input, onRow, options);
  return { rows, fileProblems, encoding };
}

/** The drafts as CSV in the template's columns: UTF-8 with BOM, CRLF. */
export function writeQuestionCsv(drafts: Iterable<QuestionDraft>): Buffer {
  const records: string[][] = [[...TABLE_COLUMNS]];
  for (const draft of drafts) records.push(draftToRow(draft).map(guard));
  const text = stringify(records, { record_delimiter: "\r\n" });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf-8")]);
}

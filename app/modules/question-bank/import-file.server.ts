import { db } from "#db/client.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { capProblems, IMPORT_LIMITS, yieldToEventLoop } from "../imports/limits";
import { detectCsvEncoding, parseQuestionCsv } from "./csv.server";
import { parseQuestionWorkbook } from "./excel.server";
import { createGiftReader, DEFAULT_DIFFICULTY } from "./gift";
import type { ImportFormat } from "./import-file";
import type { Area, Difficulty } from "./question";
import { bankStemKeys, insertQuestionsBulk, loadBankForImport } from "./questions.server";
import { createRowValidator, type ParsedRow, type Problem } from "./validate";

export interface ImportResult {
  committed: boolean;
  imported: number;
  skipped: number;
  /** The problems (and notices) to show, by line: at most IMPORT_LIMITS.shownProblems. */
  problems: Problem[];
  /** How many more there were than `problems` shows. */
  moreProblems: number;
  /** Problems that keep a question out (notices not counted). */
  problemCount: number;
}

/** What a GIFT file cannot say about its questions, chosen on the import page. */
export type ImportDefaults = { area: Area; knowledgePoint?: string; difficulty: Difficulty };

async function parse(
  format: ImportFormat,
  bytes: Uint8Array,
  defaults: ImportDefaults,
): Promise<{ rows: ParsedRow[]; fileProblems: Problem[] }> {
  const maxRows = IMPORT_LIMITS.questionRows;
  if (format === "xlsx") return parseQuestionWorkbook(bytes, { maxRows });
  if (format === "csv") return parseQuestionCsv(bytes, { maxRows });
  // GIFT files from Windows tools may be GBK or UTF-16: the CSV decoder's detection applies. Decoded
  // and parsed a slice at a time, with a turn of the event loop between slices.
  const reader = createGiftReader({
    defaultArea: defaults.area,
    defaultKnowledgePoint: defaults.knowledgePoint,
    defaultDifficulty: defaults.difficulty,
    maxQuestions: maxRows,
  });
  const { encoding, offset } = detectCsvEncoding(bytes);
  const decoder = new TextDecoder(encoding);
  const SLICE = 64 * 1024;
  let rest = "";
  let lineNo = 0;
  const feed = (text: string, last: boolean) => {
    let chunk = rest + text;
    // A final "\r" may be the first half of "\r\n": it waits for the next slice.
    const held = !last && chunk.endsWith("\r") ? "\r" : "";
    if (held) chunk = chunk.slice(0, -1);
    const parts = chunk.split(/\r\n|\r|\n/);
    // The last part may be an unfinished line.
    rest = last ? "" : (parts.pop() ?? "") + held;
    for (const line of parts) {
      if (reader.stopped) return;
      reader.line(line, ++lineNo);
    }
  };
  for (let i = offset; i < bytes.length && !reader.stopped; i += SLICE) {
    feed(decoder.decode(bytes.subarray(i, i + SLICE), { stream: true }), false);
    await yieldToEventLoop();
  }
  if (!reader.stopped) feed(decoder.decode(), true);
  const gift = reader.finish();
  return { rows: gift.rows, fileProblems: gift.fileProblems };
}

/**
 * Imports a file into a county bank. The whole file is validated first (every row, duplicates in
 * the file and in the bank); with any problem nothing is written, unless the admin asked to import
 * only the good rows. Problems of the file itself (unreadable, missing columns, more rows than
 * IMPORT_LIMITS.questionRows) always stop it. Notices (what an import changed, e.g. HTML removed)
 * do not keep a question out; they are listed with the problems.
 */
export async function importQuestionFile(
  actor: Actor,
  input: {
    bankId: number;
    format: ImportFormat;
    bytes: Uint8Array;
    goodRowsOnly: boolean;
    status: "draft" | "active";
    defaults?: Partial<ImportDefaults>;
  },
  meta: RequestMeta,
): Promise<ImportResult> {
  const bank = await loadBankForImport(actor, input.bankId);
  const defaults: ImportDefaults = {
    area: input.defaults?.area ?? "theory",
    knowledgePoint: input.defaults?.knowledgePoint,
    difficulty: input.defaults?.difficulty ?? DEFAULT_DIFFICULTY,
  };
  const { rows, fileProblems } = await parse(input.format, input.bytes, defaults);
  if (fileProblems.some((p) => p.code === "tooManyRows")) {
    // Refused as a whole: the rows read before the cap are not checked or listed.
    return { committed: false, imported: 0, skipped: 0, problems: fileProblems, moreProblems: 0, problemCount: fileProblems.length };
  }
  const validator = createRowValidator({ existingStems: await bankStemKeys(bank.id) });
  for (let i = 0; i < rows.length; i++) {
    validator.add(rows[i]);
    if (i % 250 === 249) await yieldToEventLoop();
  }
  const { valid, problems } = validator.result();
  const all = [...fileProblems, ...problems]
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.i - b.i)
    .map(({ p }) => p);
  const blocking = all.filter((p) => !p.notice);
  const skipped = rows.length - valid.length;
  const respond = (committed: boolean, imported: number, list: Problem[]): ImportResult => {
    const { shown, more } = capProblems(list);
    return { committed, imported, skipped, problems: shown, moreProblems: more, problemCount: list.filter((p) => !p.notice).length };
  };
  if (fileProblems.length || (blocking.length && !input.goodRowsOnly) || valid.length === 0) {
    return respond(false, 0, blocking.length ? all : [...all, { line: 0, column: "", code: "emptyFile" }]);
  }
  const imported = await db().transaction(async (tx) => {
    const count = await insertQuestionsBulk(tx, {
      bankId: bank.id,
      status: input.status,
      authorId: actor.userId,
      drafts: valid.map((v) => v.draft),
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "question.import",
      entityType: "question_bank",
      entityId: bank.id,
      countyId: bank.countyId,
      after: { format: input.format, imported: count, skipped, status: input.status },
      meta,
    });
    return count;
  });
  return respond(true, imported, all);
}

import { db } from "#db/client.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { decodeCsvBytes, parseQuestionCsv } from "./csv.server";
import { parseQuestionWorkbook } from "./excel.server";
import { parseGift } from "./gift";
import type { ImportFormat } from "./import-file";
import type { Area } from "./question";
import { bankStemKeys, insertQuestionsBulk, loadBankForImport } from "./questions.server";
import { validateRows, type ParsedRow, type Problem } from "./validate";

export interface ImportResult {
  committed: boolean;
  imported: number;
  skipped: number;
  problems: Problem[];
}

async function parse(format: ImportFormat, bytes: Uint8Array, defaultArea: Area): Promise<{ rows: ParsedRow[]; fileProblems: Problem[] }> {
  if (format === "xlsx") return parseQuestionWorkbook(bytes);
  if (format === "csv") return parseQuestionCsv(bytes);
  // GIFT files from Windows tools may be GBK or UTF-16: the CSV decoder's detection applies.
  const gift = parseGift(decodeCsvBytes(bytes).text, { defaultArea });
  return { rows: gift.drafts.map(({ line, draft }) => ({ line, draft })), fileProblems: gift.problems };
}

/**
 * Imports a file into a county bank. The whole file is validated first (every row, duplicates in
 * the file and in the bank); with any problem nothing is written, unless the admin asked to import
 * only the good rows. Problems of the file itself (unreadable, missing columns) always stop it.
 */
export async function importQuestionFile(
  actor: Actor,
  input: { bankId: number; format: ImportFormat; bytes: Uint8Array; goodRowsOnly: boolean; status: "draft" | "active"; defaultArea?: Area },
  meta: RequestMeta,
): Promise<ImportResult> {
  const bank = await loadBankForImport(actor, input.bankId);
  const { rows, fileProblems } = await parse(input.format, input.bytes, input.defaultArea ?? "theory");
  const { valid, problems } = validateRows(rows, { existingStems: await bankStemKeys(bank.id) });
  const all = [...fileProblems, ...problems];
  if (fileProblems.length || (problems.length && !input.goodRowsOnly) || valid.length === 0) {
    return { committed: false, imported: 0, skipped: rows.length - valid.length, problems: all.length ? all : [{ line: 0, column: "", code: "emptyFile" }] };
  }
  const imported = await db().transaction(async (tx) => {
    const count = await insertQuestionsBulk(tx, { bankId: bank.id, status: input.status, authorId: actor.userId, drafts: valid.map((v) => v.draft) });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "question.import",
      entityType: "question_bank",
      entityId: bank.id,
      countyId: bank.countyId,
      after: { format: input.format, imported: count, skipped: rows.length - valid.length, status: input.status },
      meta,
    });
    return count;
  });
  return { committed: true, imported, skipped: rows.length - valid.length, problems: all };
}

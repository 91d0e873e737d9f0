import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseQuestionCsv, writeQuestionCsv } from "./csv.server";
import { parseQuestionWorkbook, writeQuestionWorkbook } from "./excel.server";
import { parseGift, writeGift } from "./gift";
import type { QuestionDraft } from "./question";
import { questionBankFileSchema } from "./types/registry";
import { formatProblem, validateDraft, validateRows } from "./validate";

/**
 * The whole content bank (content/questions/*.json, 370 real questions) is valid and survives every
 * import/export format unchanged.
 */

const contentDir = fileURLToPath(new URL("../../../content/questions/", import.meta.url));
const content: { slug: string; draft: QuestionDraft }[] = readdirSync(contentDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((file) =>
    questionBankFileSchema
      .parse(JSON.parse(readFileSync(contentDir + file, "utf-8")))
      .questions.map(({ slug, ...draft }) => ({ slug, draft: draft as QuestionDraft })),
  );
const drafts = content.map((c) => c.draft);

describe("the content bank", () => {
  it("has 370 questions of all seven types", () => {
    expect(drafts.length).toBe(370);
    expect(new Set(drafts.map((d) => d.type))).toEqual(
      new Set(["single", "multiple", "truefalse", "fill", "short", "matching", "numeric"]),
    );
  });

  it("passes validation question by question", () => {
    const failures = content.flatMap(({ slug, draft }) => validateDraft(draft).map((p) => `${slug}: ${formatProblem(p)}`));
    expect(failures).toEqual([]);
  });

  it("has no duplicate stems", () => {
    const { problems } = validateRows(
      drafts.map((draft, i) => ({ line: i + 2, draft })),
      { existingStems: new Set() },
    );
    expect(problems).toEqual([]);
  });

  it("survives Excel", async () => {
    const { rows, fileProblems } = await parseQuestionWorkbook(await writeQuestionWorkbook(drafts));
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.problems ?? [])).toEqual(drafts.map(() => []));
    expect(rows.map((r) => r.draft)).toEqual(drafts);
    expect(rows.map((r) => r.line)).toEqual(drafts.map((_, i) => i + 2));
  });

  it("survives CSV", async () => {
    const { rows, fileProblems, encoding } = await parseQuestionCsv(writeQuestionCsv(drafts));
    expect(fileProblems).toEqual([]);
    expect(encoding).toBe("utf-8");
    expect(rows.map((r) => r.draft)).toEqual(drafts);
    expect(rows.map((r) => r.line)).toEqual(drafts.map((_, i) => i + 2));
  });

  it("survives GIFT", () => {
    const { drafts: parsed, problems } = parseGift(writeGift(drafts), { defaultArea: "theory" });
    expect(problems).toEqual([]);
    expect(parsed.map((p) => p.draft)).toEqual(drafts);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { questionBanks, questions, questionVersions } from "#db/schema";
import { validateDraft } from "./validate";
import type { QuestionDraft } from "./question";
import { questionBankFileSchema } from "./types/registry";
import { appendVersion, contentHash, insertQuestionsBulk } from "./questions.server";

export interface ContentImportReport {
  banks: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports the official question banks from content/questions/*.json. Idempotent: banks and
 * questions are keyed by their slugs; a question whose text changed gets a new version, an
 * unchanged one is left alone. A file that fails validation stops the import with its reasons.
 */
export async function importQuestionContent(database: Db, dir = "content/questions"): Promise<ContentImportReport> {
  const report: ContentImportReport = { banks: 0, inserted: 0, updated: 0, unchanged: 0 };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    const parsed = questionBankFileSchema.parse(JSON.parse(readFileSync(join(dir, file), "utf8")));
    const problems = parsed.questions.flatMap((q, i) => validateDraft(q as QuestionDraft, i + 1).map((p) => `${q.slug}: ${p.code}`));
    if (problems.length) throw new Error(`${file}: ${problems.slice(0, 10).join("; ")}`);
    await database.transaction(async (tx) => {
      await tx.insert(questionBanks).values({ slug: parsed.bank.slug, title: parsed.bank.title }).onConflictDoNothing();
      const [bank] = await tx.select().from(questionBanks).where(eq(questionBanks.slug, parsed.bank.slug));
      if (bank.title !== parsed.bank.title)
        await tx.update(questionBanks).set({ title: parsed.bank.title }).where(eq(questionBanks.id, bank.id));
      report.banks++;
      const existing = await tx
        .select({ id: questions.id, slug: questions.slug, hash: questionVersions.contentHash })
        .from(questions)
        .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
        .where(and(eq(questions.bankId, bank.id), isNotNull(questions.slug)));
      const bySlug = new Map(existing.map((e) => [e.slug!, e]));
      const fresh: { slug: string; draft: QuestionDraft }[] = [];
      for (const { slug, ...draft } of parsed.questions) {
        const known = bySlug.get(slug);
        if (!known) {
          fresh.push({ slug, draft: draft as QuestionDraft });
        } else if (known.hash !== contentHash(draft as QuestionDraft)) {
          await appendVersion(tx, known.id, draft as QuestionDraft, null);
          report.updated++;
        } else {
          report.unchanged++;
        }
      }
      if (fresh.length) {
        report.inserted += await insertQuestionsBulk(tx, {
          bankId: bank.id,
          status: "active",
          authorId: null,
          drafts: fresh.map((f) => f.draft),
          slugs: fresh.map((f) => f.slug),
        });
      }
    });
  }
  return report;
}

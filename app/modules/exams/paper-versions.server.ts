import { asc, eq, inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { examAttemptSlots, questionVersions } from "#db/schema";
import { defineCache } from "../cache/cache.server";
import { TtlCache } from "../cache/cache";
import { renderInlineMarkdown, renderMarkdown } from "../markdown";
import type { Area, QuestionDraft, QuestionType } from "../question-bank/question";
import { anyDefinition, questionDraftSchema } from "../question-bank/types/registry";

/**
 * The questions of an attempt's paper, for the exam page, the result and its review (issue 14: the
 * first exam page of a thousand candidates at the start of a sitting).
 *
 * A question version never changes once written (a trigger refuses it, migration 0003), so what
 * the pages need of one — its body, parsed as its type's draft — is kept per version and database
 * (`paperVersions`, no expiry, bounded); an attempt's page reads its slots and only the versions not
 * kept yet. The Markdown of stems and options is rendered once per text (`paperRender`): a hundred
 * candidates of a sitting share the bank's questions.
 */
const VERSIONS_MAX = 20_000;
const versions = defineCache<number, QuestionDraft>("paperVersions", { ttlMs: Infinity, max: VERSIONS_MAX });

// Markdown → HTML is a pure function of the text (markdown.ts): kept per text, the same for every database.
const RENDERED_MAX = 50_000;
const rendered = {
  block: new TtlCache<string, string>({ ttlMs: Infinity, max: RENDERED_MAX }),
  inline: new TtlCache<string, string>({ ttlMs: Infinity, max: RENDERED_MAX }),
};
function kept(cache: TtlCache<string, string>, fn: (text: string) => string) {
  return (text: string) => {
    const now = 0; // no expiry: the clock is not consulted
    const hit = cache.get(text, now);
    if (hit !== undefined) return hit;
    const html = fn(text);
    cache.set(text, html, now);
    return html;
  };
}
export const paperRender = { markdown: kept(rendered.block, renderMarkdown), inline: kept(rendered.inline, renderInlineMarkdown) };

async function draftsOf(ids: number[]): Promise<Map<number, QuestionDraft>> {
  const cache = versions.current();
  const out = new Map<number, QuestionDraft>();
  const missing: number[] = [];
  for (const id of ids) {
    const draft = cache.get(id, Date.now());
    if (draft) out.set(id, draft);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db()
      .select({ id: questionVersions.id, body: questionVersions.body })
      .from(questionVersions)
      .where(inArray(questionVersions.id, missing));
    const now = Date.now();
    for (const row of rows) {
      const draft = questionDraftSchema.parse(row.body);
      cache.set(row.id, draft, now);
      out.set(row.id, draft);
    }
  }
  return out;
}

/** The attempt's slots in order, each with its type's definition, its drawn state and its question's draft. */
export async function slotsWithQuestions(attemptId: number) {
  const rows = await db()
    .select({
      slotNo: examAttemptSlots.slotNo,
      type: examAttemptSlots.type,
      area: examAttemptSlots.area,
      state: examAttemptSlots.state,
      maxMarkTenths: examAttemptSlots.maxMarkTenths,
      questionVersionId: examAttemptSlots.questionVersionId,
    })
    .from(examAttemptSlots)
    .where(eq(examAttemptSlots.attemptId, attemptId))
    .orderBy(asc(examAttemptSlots.slotNo));
  const drafts = await draftsOf([...new Set(rows.map((r) => r.questionVersionId))]);
  return rows.map(({ questionVersionId, ...r }) => {
    const type = r.type as QuestionType;
    const definition = anyDefinition(type);
    const draft = drafts.get(questionVersionId);
    if (!draft) throw new Error(`question version ${questionVersionId} of attempt ${attemptId} is missing`);
    return { ...r, type, area: r.area as Area, definition, state: definition.stateSchema.parse(r.state), draft };
  });
}

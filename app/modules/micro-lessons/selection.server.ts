import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { counties, microLessons, microSelectionCandidates, microSelections, microSelectionScores } from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { notifyPerson } from "../notifications/notifications.server";
import { averageOf } from "./ratings";
import { DEFAULT_CANDIDATES, mayClose, pickCandidates, rankCandidates } from "./selection";

/**
 * 优秀微党课评选: one selection per county and year. Candidates are the county's top-rated
 * published lessons when the selection is opened; a county admin records each judge's score
 * (never for their own lesson); closing ranks the candidates (audited; each author is told and
 * the rank goes into their archive).
 */

function countiesOf(actor: Actor): number[] {
  const ids = scopeOf(actor, "select:micro_lesson").countyIds;
  if (!ids.length) throw forbidden();
  return ids;
}

/** The county's published lessons with their ratings (from the learners' ratings, all years). */
async function ratedLessons(countyId: number) {
  const rows = rowsOf<{ id: number; title: string; author: string; author_id: number; rating_sum: number; rating_count: number }>(
    await db().execute(sql`
      select m.id, r.title, u.name as author, m.author_id, coalesce(sum(g.stars), 0)::int as rating_sum, count(g.user_id)::int as rating_count
      from micro_lessons m
      join micro_lesson_revisions r on r.id = m.published_revision_id
      join users u on u.id = m.author_id
      left join micro_lesson_ratings g on g.micro_lesson_id = m.id
      where m.county_id = ${countyId}
      group by m.id, r.title, u.name, m.author_id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    author: r.author,
    authorId: Number(r.author_id),
    average: averageOf(Number(r.rating_sum), Number(r.rating_count)),
    count: Number(r.rating_count),
  }));
}

export async function getSelection(actor: Actor, year: number) {
  const [countyId] = countiesOf(actor);
  const [county] = await db().select({ name: counties.name }).from(counties).where(eq(counties.id, countyId));
  const [selection] = await db()
    .select()
    .from(microSelections)
    .where(and(eq(microSelections.countyId, countyId), eq(microSelections.year, year)));
  const rated = await ratedLessons(countyId);
  const info = new Map(rated.map((r) => [r.id, r]));
  if (!selection) {
    const preview = pickCandidates(rated, DEFAULT_CANDIDATES).map((c) => ({
      ...c,
      title: info.get(c.id)!.title,
      author: info.get(c.id)!.author,
    }));
    return { county: county?.name ?? "", year, selection: null, preview, ranked: [], scores: [] };
  }
  const candidates = await db().select().from(microSelectionCandidates).where(eq(microSelectionCandidates.selectionId, selection.id));
  const scores = await db()
    .select()
    .from(microSelectionScores)
    .where(eq(microSelectionScores.selectionId, selection.id))
    .orderBy(microSelectionScores.judge);
  const ranked = rankCandidates(
    candidates.map((c) => ({ id: c.microLessonId, ratingAverage: c.ratingAverage })),
    scores.map((s) => ({ lessonId: s.microLessonId, judge: s.judge, score: s.score })),
  ).map((r) => {
    const c = candidates.find((x) => x.microLessonId === r.id)!;
    return {
      ...r,
      rank: selection.state === "closed" ? c.rank : r.rank,
      title: info.get(r.id)?.title ?? "",
      author: info.get(r.id)?.author ?? "",
      ratingCount: c.ratingCount,
      own: info.get(r.id)?.authorId === actor.userId,
    };
  });
  return {
    county: county?.name ?? "",
    year,
    selection: { id: selection.id, state: selection.state, closedAt: selection.closedAt, mayClose: mayClose(ranked) },
    preview: [],
    ranked,
    scores: scores.map((s) => ({ microLessonId: s.microLessonId, judge: s.judge, score: s.score })),
  };
}

/** Opens the year's selection with the top-rated lessons as candidates. */
export async function openSelection(
  actor: Actor,
  year: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true; id: number } | { ok: false; problem: "noCandidates" | "exists" }> {
  const [countyId] = countiesOf(actor);
  const rated = await ratedLessons(countyId);
  const picked = pickCandidates(rated, DEFAULT_CANDIDATES);
  if (!picked.length) return { ok: false, problem: "noCandidates" };
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(microSelections)
      .values({ countyId, year, createdBy: actor.userId, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: microSelections.id });
    if (!row) return { ok: false as const, problem: "exists" as const };
    await tx
      .insert(microSelectionCandidates)
      .values(picked.map((p) => ({ selectionId: row.id, microLessonId: p.id, ratingAverage: p.average ?? 0, ratingCount: p.count })));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microSelection.open",
      entityType: "micro_selection",
      entityId: row.id,
      countyId,
      after: { year, candidates: picked.map((p) => p.id) },
      meta,
    });
    return { ok: true as const, id: row.id };
  });
}

async function openSelectionInScope(actor: Actor, selectionId: number) {
  const [selection] = await db().select().from(microSelections).where(eq(microSelections.id, selectionId));
  if (!selection) throw notFound(`selection ${selectionId}`);
  if (!countiesOf(actor).includes(selection.countyId)) throw forbidden();
  if (selection.state !== "open") throw new AppError("conflict", "the selection is closed");
  return selection;
}

/** Records (or corrects) one judge's score for one candidate. Nobody scores their own lesson. */
export async function recordScore(
  actor: Actor,
  selectionId: number,
  input: { microLessonId: number; judge: string; score: number },
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const selection = await openSelectionInScope(actor, selectionId);
  await db().transaction(async (tx) => {
    const [candidate] = await tx
      .select({ authorId: microLessons.authorId })
      .from(microSelectionCandidates)
      .innerJoin(microLessons, eq(microLessons.id, microSelectionCandidates.microLessonId))
      .where(and(eq(microSelectionCandidates.selectionId, selectionId), eq(microSelectionCandidates.microLessonId, input.microLessonId)));
    if (!candidate) throw new AppError("badRequest", "not a candidate of this selection");
    if (candidate.authorId === actor.userId) throw forbidden("no score for one's own lesson");
    const [before] = await tx
      .select({ score: microSelectionScores.score })
      .from(microSelectionScores)
      .where(
        and(
          eq(microSelectionScores.selectionId, selectionId),
          eq(microSelectionScores.microLessonId, input.microLessonId),
          eq(microSelectionScores.judge, input.judge),
        ),
      );
    await tx
      .insert(microSelectionScores)
      .values({
        selectionId,
        microLessonId: input.microLessonId,
        judge: input.judge,
        score: input.score,
        recordedBy: actor.userId,
        recordedAt: now,
      })
      .onConflictDoUpdate({
        target: [microSelectionScores.selectionId, microSelectionScores.microLessonId, microSelectionScores.judge],
        set: { score: input.score, recordedBy: actor.userId, recordedAt: now },
      });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microSelection.score",
      entityType: "micro_selection",
      entityId: selectionId,
      countyId: selection.countyId,
      before: before ? { score: before.score } : undefined,
      after: input,
      meta,
    });
  });
}

/** Closes the selection: ranks written, each author told, the result in each author's archive. */
export async function closeSelection(
  actor: Actor,
  selectionId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: "unscored" }> {
  const selection = await openSelectionInScope(actor, selectionId);
  const view = await getSelection(actor, selection.year);
  if (!view.selection || view.selection.id !== selectionId) throw notFound();
  if (!mayClose(view.ranked)) return { ok: false, problem: "unscored" };
  const authors = new Map(
    (
      await db()
        .select({ id: microLessons.id, authorId: microLessons.authorId })
        .from(microLessons)
        .where(
          inArray(
            microLessons.id,
            view.ranked.map((r) => r.id),
          ),
        )
    ).map((m) => [m.id, m.authorId]),
  );
  await db().transaction(async (tx) => {
    const [locked] = await tx.select().from(microSelections).where(eq(microSelections.id, selectionId)).for("update");
    if (locked.state !== "open") throw new AppError("conflict", "the selection is closed");
    for (const r of view.ranked) {
      await tx
        .update(microSelectionCandidates)
        .set({ rank: r.rank })
        .where(and(eq(microSelectionCandidates.selectionId, selectionId), eq(microSelectionCandidates.microLessonId, r.id)));
    }
    await tx.update(microSelections).set({ state: "closed", closedAt: now }).where(eq(microSelections.id, selectionId));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microSelection.close",
      entityType: "micro_selection",
      entityId: selectionId,
      countyId: selection.countyId,
      after: { year: selection.year, ranking: view.ranked.map((r) => ({ microLessonId: r.id, mean: r.mean, rank: r.rank })) },
      meta,
    });
    for (const r of view.ranked) {
      const authorId = authors.get(r.id);
      if (authorId == null) continue;
      await appendArchiveEvent(tx, {
        userId: authorId,
        type: "microLessonSelected",
        actorId: actor.userId,
        data: { selectionId, year: selection.year, microLessonId: r.id, title: r.title, rank: r.rank, mean: r.mean },
        occurredAt: now,
      });
      await notifyPerson(
        tx,
        authorId,
        "microSelectionResult",
        { microLessonId: r.id, title: r.title, year: selection.year, rank: r.rank },
        actor.userId,
      );
    }
  });
  return { ok: true };
}

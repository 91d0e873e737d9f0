import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import {
  courses,
  lessonProgress,
  lessons,
  microLessonComments,
  microLessonRatings,
  microLessonRevisions,
  microLessons,
  users,
} from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { forgetLessonFacts } from "../hours/lesson-facts.server";
import { formatCreditHours } from "../hours/study-hours";
import { studySettings } from "../learning/config.server";
import { renderMarkdown } from "../markdown";
import { notifyPerson } from "../notifications/notifications.server";
import { attachMedia, deleteMedia, mediaFacts, publishMedia, type MediaFacts } from "./media.server";
import { averageOf, mayRate } from "./ratings";
import { readyToSubmit, type LessonFormInput } from "./schemas";
import {
  decide,
  displayMinutes,
  nominalSecondsOf,
  returnHasReason,
  type MicroAction,
  type Refusal,
  type RevisionState,
  type WorkflowActor,
  type WorkflowLesson,
} from "./workflow";

/**
 * 微党课 use cases (docs/decisions/023). Load with scope → decide with the pure workflow → write
 * the change with its audit row (and, for decisions about the author, an archive event and a
 * notice) in one transaction. Publishing materialises the lesson as a `lessons` row (kind 'micro')
 * under the one 微党课 course, so it is studied through the same heartbeat path as every lesson.
 */

export const MICRO_COURSE_SLUG = "micro-lessons";
export const microLessonSlug = (microLessonId: number) => `micro-${microLessonId}`;

export function workflowActor(actor: Actor): WorkflowActor {
  const review = scopeOf(actor, "review:micro_lesson");
  return { userId: actor.userId, mayAuthor: scopeOf(actor, "author:micro_lesson").own, reviewCountyIds: review.countyIds };
}

/** The county a lecturer writes for: their lecturer grant's county, else their own. */
function authorCounty(actor: Actor): number {
  return actor.grants.find((g) => g.role === "lecturer" && g.countyId != null)?.countyId ?? actor.countyId;
}

type Revision = typeof microLessonRevisions.$inferSelect;
type MicroLesson = typeof microLessons.$inferSelect;

interface Loaded {
  lesson: MicroLesson;
  latest: Revision;
  workflow: WorkflowLesson;
}

async function load(tx: DbOrTx, microLessonId: number, lock = false): Promise<Loaded> {
  const query = tx.select().from(microLessons).where(eq(microLessons.id, microLessonId));
  const [lesson] = lock ? await query.for("update") : await query;
  if (!lesson) throw notFound(`micro lesson ${microLessonId}`);
  const [latest] = await tx
    .select()
    .from(microLessonRevisions)
    .where(eq(microLessonRevisions.microLessonId, microLessonId))
    .orderBy(desc(microLessonRevisions.number))
    .limit(1);
  return {
    lesson,
    latest,
    workflow: {
      authorId: lesson.authorId,
      countyId: lesson.countyId,
      latestState: latest.state,
      everPublished: lesson.publishedRevisionId != null,
    },
  };
}

/** A refusal as an error: someone else's lesson or out of scope → 403; a state that moved → 409. */
function refuse(reason: Refusal): never {
  if (reason === "wrongState") throw new AppError("conflict", "the lesson is not in a state for this");
  throw forbidden(reason);
}

function allowed(actor: Actor, loaded: Loaded, action: MicroAction) {
  const verdict = decide(workflowActor(actor), loaded.workflow, action);
  if (!verdict.ok) refuse(verdict.reason);
  return verdict;
}

export type FormProblem = "mediaKind" | "coverKind" | "mediaMissing" | "notReady";

/** The media a form names must exist and be of the right kind (video/audio; an image cover). */
async function checkMedia(
  tx: DbOrTx,
  input: Pick<LessonFormInput, "mediaAssetId" | "coverAssetId">,
): Promise<{ ok: true; media: MediaFacts | null } | { ok: false; field: string; problem: FormProblem }> {
  let media: MediaFacts | null = null;
  if (input.mediaAssetId != null) {
    media = await mediaFacts(tx, input.mediaAssetId);
    if (!media) return { ok: false, field: "mediaAssetId", problem: "mediaMissing" };
    if (media.kind !== "video" && media.kind !== "audio") return { ok: false, field: "mediaAssetId", problem: "mediaKind" };
  }
  if (input.coverAssetId != null) {
    const cover = await mediaFacts(tx, input.coverAssetId);
    if (!cover) return { ok: false, field: "coverAssetId", problem: "mediaMissing" };
    if (cover.kind !== "image") return { ok: false, field: "coverAssetId", problem: "coverKind" };
  }
  return { ok: true, media };
}

const revisionValues = (input: LessonFormInput) => ({
  title: input.title,
  summary: input.summary,
  area: input.area,
  knowledgePoints: input.knowledgePoints,
  script: input.script,
  mediaAssetId: input.mediaAssetId,
  coverAssetId: input.coverAssetId,
  intendedMinutes: input.intendedMinutes,
});

export type SaveOutcome = { ok: true; microLessonId: number; revisionId: number } | { ok: false; field: string; problem: FormProblem };

/** 新建微党课: a lesson and its first revision (a draft), its media attached to it. */
export async function createMicroLesson(actor: Actor, input: LessonFormInput, meta: RequestMeta, now = new Date()): Promise<SaveOutcome> {
  if (!workflowActor(actor).mayAuthor) throw forbidden();
  const countyId = authorCounty(actor);
  return db().transaction(async (tx) => {
    const checked = await checkMedia(tx, input);
    if (!checked.ok) return checked;
    const [lesson] = await tx
      .insert(microLessons)
      .values({ countyId, authorId: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: microLessons.id });
    const [revision] = await tx
      .insert(microLessonRevisions)
      .values({
        microLessonId: lesson.id,
        number: 1,
        state: "draft",
        authorId: actor.userId,
        createdAt: now,
        updatedAt: now,
        ...revisionValues(input),
      })
      .returning({ id: microLessonRevisions.id });
    const assetIds = [input.mediaAssetId, input.coverAssetId].filter((x): x is string => x != null);
    if (assetIds.length) await attachMedia(tx, { assetIds, ownerId: lesson.id, actorId: actor.userId });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.create",
      entityType: "micro_lesson",
      entityId: lesson.id,
      countyId,
      after: { revision: 1, title: input.title, area: input.area },
      meta,
    });
    return { ok: true as const, microLessonId: lesson.id, revisionId: revision.id };
  });
}

/**
 * Saves the author's edit: a draft in place; a returned or published lesson gets a new draft
 * revision (the published one stays live). Media no revision of the lesson uses any more are
 * deleted with their files (after the commit).
 */
export async function saveMicroLesson(
  actor: Actor,
  microLessonId: number,
  input: LessonFormInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<SaveOutcome> {
  let removeFiles: (() => Promise<void>) | null = null;
  const outcome = await db().transaction(async (tx): Promise<SaveOutcome> => {
    const loaded = await load(tx, microLessonId, true);
    const verdict = allowed(actor, loaded, "edit");
    const checked = await checkMedia(tx, input);
    if (!checked.ok) return checked;
    let revisionId: number;
    let number = loaded.latest.number;
    if (verdict.action === "edit" && verdict.mode === "inPlace") {
      await tx
        .update(microLessonRevisions)
        .set({ ...revisionValues(input), updatedAt: now })
        .where(eq(microLessonRevisions.id, loaded.latest.id));
      revisionId = loaded.latest.id;
    } else {
      number += 1;
      const [revision] = await tx
        .insert(microLessonRevisions)
        .values({ microLessonId, number, state: "draft", authorId: actor.userId, createdAt: now, updatedAt: now, ...revisionValues(input) })
        .returning({ id: microLessonRevisions.id });
      revisionId = revision.id;
    }
    const assetIds = [input.mediaAssetId, input.coverAssetId].filter((x): x is string => x != null);
    const before = [loaded.latest.mediaAssetId, loaded.latest.coverAssetId].filter((x): x is string => x != null);
    const added = assetIds.filter((a) => !before.includes(a));
    if (added.length) await attachMedia(tx, { assetIds: added, ownerId: microLessonId, actorId: actor.userId });
    const unused = await unusedMedia(
      tx,
      microLessonId,
      before.filter((a) => !assetIds.includes(a)),
    );
    if (unused.length) removeFiles = await deleteMedia(tx, unused);
    await tx.update(microLessons).set({ updatedAt: now }).where(eq(microLessons.id, microLessonId));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.edit",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      before: { revision: loaded.latest.number, title: loaded.latest.title },
      after: { revision: number, title: input.title },
      meta,
    });
    return { ok: true, microLessonId, revisionId };
  });
  if (removeFiles) await (removeFiles as () => Promise<void>)();
  return outcome;
}

/** Of these assets, those no revision of the lesson references (after the current write). */
async function unusedMedia(tx: DbOrTx, microLessonId: number, candidates: string[]): Promise<string[]> {
  if (!candidates.length) return [];
  const rows = await tx
    .select({ media: microLessonRevisions.mediaAssetId, cover: microLessonRevisions.coverAssetId })
    .from(microLessonRevisions)
    .where(eq(microLessonRevisions.microLessonId, microLessonId));
  const used = new Set(rows.flatMap((r) => [r.media, r.cover]));
  return candidates.filter((c) => !used.has(c));
}

/** Submits the latest draft for review. A revision of nothing (no script, no media) is refused. */
export async function submitMicroLesson(
  actor: Actor,
  microLessonId: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: "notReady" }> {
  return db().transaction(async (tx) => {
    const loaded = await load(tx, microLessonId, true);
    allowed(actor, loaded, "submit");
    if (!readyToSubmit(loaded.latest)) return { ok: false as const, problem: "notReady" as const };
    await tx
      .update(microLessonRevisions)
      .set({ state: "submitted", submittedAt: now, updatedAt: now })
      .where(eq(microLessonRevisions.id, loaded.latest.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.submit",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      after: { revision: loaded.latest.number },
      meta,
    });
    return { ok: true as const };
  });
}

/** Deletes a lesson never published (draft or returned): its revisions, comments and media. */
export async function deleteMicroLesson(actor: Actor, microLessonId: number, meta: RequestMeta): Promise<void> {
  let removeFiles: (() => Promise<void>) | null = null;
  await db().transaction(async (tx) => {
    const loaded = await load(tx, microLessonId, true);
    allowed(actor, loaded, "delete");
    const revisions = await tx.select().from(microLessonRevisions).where(eq(microLessonRevisions.microLessonId, microLessonId));
    const assetIds = [...new Set(revisions.flatMap((r) => [r.mediaAssetId, r.coverAssetId]).filter((x): x is string => x != null))];
    await tx.delete(microLessonComments).where(
      inArray(
        microLessonComments.revisionId,
        revisions.map((r) => r.id),
      ),
    );
    await tx.delete(microLessonRevisions).where(eq(microLessonRevisions.microLessonId, microLessonId));
    await tx.delete(microLessons).where(eq(microLessons.id, microLessonId));
    if (assetIds.length) removeFiles = await deleteMedia(tx, assetIds);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.delete",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      before: { title: loaded.latest.title, revisions: revisions.length },
      meta,
    });
  });
  if (removeFiles) await (removeFiles as () => Promise<void>)();
}

export type ReviewOutcome = { ok: true } | { ok: false; problem: "reasonRequired" };

/** 审核意见: a reviewer's comment on the submitted revision, optionally at a time position. */
export async function commentOnMicroLesson(
  actor: Actor,
  microLessonId: number,
  input: { body: string; positionSeconds: number | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  await db().transaction(async (tx) => {
    const loaded = await load(tx, microLessonId, true);
    allowed(actor, loaded, "comment");
    const [comment] = await tx
      .insert(microLessonComments)
      .values({
        revisionId: loaded.latest.id,
        authorId: actor.userId,
        body: input.body,
        positionSeconds: input.positionSeconds,
        createdAt: now,
      })
      .returning({ id: microLessonComments.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.comment",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      after: { commentId: comment.id, revision: loaded.latest.number, positionSeconds: input.positionSeconds },
      meta,
    });
  });
}

/** 退回修改: with a note or comments; the author is told and it goes into the author's archive. */
export async function returnMicroLesson(
  actor: Actor,
  microLessonId: number,
  note: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ReviewOutcome> {
  return db().transaction(async (tx) => {
    const loaded = await load(tx, microLessonId, true);
    allowed(actor, loaded, "return");
    const [{ count }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(microLessonComments)
      .where(eq(microLessonComments.revisionId, loaded.latest.id));
    if (!returnHasReason(note, count)) return { ok: false as const, problem: "reasonRequired" as const };
    await tx
      .update(microLessonRevisions)
      .set({ state: "returned", decidedAt: now, decidedBy: actor.userId, decisionNote: note || null, updatedAt: now })
      .where(eq(microLessonRevisions.id, loaded.latest.id));
    const facts = { microLessonId, revisionId: loaded.latest.id, revision: loaded.latest.number, title: loaded.latest.title };
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.return",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      after: { ...facts, note, comments: count },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: loaded.lesson.authorId,
      type: "microLessonReturned",
      actorId: actor.userId,
      reason: note || null,
      data: { ...facts, comments: count },
      occurredAt: now,
    });
    await notifyPerson(
      tx,
      loaded.lesson.authorId,
      "microLessonReturned",
      { microLessonId, title: loaded.latest.title, revision: loaded.latest.number },
      actor.userId,
    );
    return { ok: true as const };
  });
}

/** The one 微党课 course every published micro lesson hangs under (created when first needed). */
async function microCourseId(tx: DbOrTx): Promise<number> {
  await tx
    .insert(courses)
    .values({
      slug: MICRO_COURSE_SLUG,
      title: "微党课",
      area: "micro",
      order: 1000,
      summary: "讲师制作、经县委组织部审核发布的微党课。",
      intro: "",
    })
    .onConflictDoNothing({ target: courses.slug });
  const [row] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, MICRO_COURSE_SLUG));
  return row.id;
}

/**
 * 审核通过并发布: the revision goes live — the lessons row learners study is created or updated
 * (same row, so credits stay with the lesson), its nominal time from the media's real length; the
 * previous live revision is superseded; the media become readable by learners; the author is told
 * and it goes into the author's archive.
 */
export async function publishMicroLesson(
  actor: Actor,
  microLessonId: number,
  note: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ReviewOutcome & { lessonId?: number }> {
  const result = await db().transaction(async (tx) => {
    const loaded = await load(tx, microLessonId, true);
    allowed(actor, loaded, "publish");
    const revision = loaded.latest;
    const media = revision.mediaAssetId != null ? await mediaFacts(tx, revision.mediaAssetId) : null;
    const nominalSeconds = nominalSecondsOf(revision.intendedMinutes, media?.durationMs ?? null);
    const courseId = await microCourseId(tx);
    const values = {
      courseId,
      slug: microLessonSlug(microLessonId),
      title: revision.title,
      order: microLessonId,
      minutes: displayMinutes(nominalSeconds),
      body: revision.script,
      video: null,
      kind: "micro" as const,
      nominalSeconds,
      mediaAssetId: revision.mediaAssetId,
      updatedAt: now,
    };
    let lessonId = loaded.lesson.lessonId;
    if (lessonId == null) {
      const [row] = await tx.insert(lessons).values(values).returning({ id: lessons.id });
      lessonId = row.id;
    } else {
      await tx.update(lessons).set(values).where(eq(lessons.id, lessonId));
    }
    if (loaded.lesson.publishedRevisionId != null) {
      await tx
        .update(microLessonRevisions)
        .set({ state: "superseded", updatedAt: now })
        .where(eq(microLessonRevisions.id, loaded.lesson.publishedRevisionId));
    }
    await tx
      .update(microLessonRevisions)
      .set({ state: "published", decidedAt: now, decidedBy: actor.userId, decisionNote: note || null, updatedAt: now })
      .where(eq(microLessonRevisions.id, revision.id));
    await tx
      .update(microLessons)
      .set({ lessonId, publishedRevisionId: revision.id, publishedAt: now, updatedAt: now })
      .where(eq(microLessons.id, microLessonId));
    const assetIds = [revision.mediaAssetId, revision.coverAssetId].filter((x): x is string => x != null);
    if (assetIds.length) await publishMedia(tx, assetIds);
    const facts = { microLessonId, revisionId: revision.id, revision: revision.number, title: revision.title, lessonId };
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "microLesson.publish",
      entityType: "micro_lesson",
      entityId: microLessonId,
      countyId: loaded.lesson.countyId,
      before: { publishedRevisionId: loaded.lesson.publishedRevisionId },
      after: { ...facts, nominalSeconds, note },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: loaded.lesson.authorId,
      type: "microLessonPublished",
      actorId: actor.userId,
      reason: note || null,
      data: facts,
      occurredAt: now,
    });
    await notifyPerson(
      tx,
      loaded.lesson.authorId,
      "microLessonPublished",
      { microLessonId, title: revision.title, revision: revision.number },
      actor.userId,
    );
    return { ok: true as const, lessonId };
  });
  forgetLessonFacts();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface RevisionView {
  id: number;
  number: number;
  state: RevisionState;
  title: string;
  summary: string;
  area: string;
  knowledgePoints: string[];
  script: string;
  scriptHtml: string;
  mediaAssetId: string | null;
  coverAssetId: string | null;
  intendedMinutes: number;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  media: MediaFacts | null;
  cover: MediaFacts | null;
  comments: { id: number; body: string; positionSeconds: number | null; author: string; createdAt: Date }[];
}

async function revisionView(tx: DbOrTx, r: Revision, comments: RevisionView["comments"]): Promise<RevisionView> {
  const [media, cover] = await Promise.all([
    r.mediaAssetId != null ? mediaFacts(tx, r.mediaAssetId) : null,
    r.coverAssetId != null ? mediaFacts(tx, r.coverAssetId) : null,
  ]);
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    title: r.title,
    summary: r.summary,
    area: r.area,
    knowledgePoints: r.knowledgePoints,
    script: r.script,
    scriptHtml: renderMarkdown(r.script),
    mediaAssetId: r.mediaAssetId,
    coverAssetId: r.coverAssetId,
    intendedMinutes: r.intendedMinutes,
    createdAt: r.createdAt,
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    media,
    cover,
    comments,
  };
}

/**
 * One lesson with every revision (newest first) and their comments: for its author (我的微党课)
 * and for the reviewers of its county. Anyone else: 403.
 */
export async function getMicroLesson(actor: Actor, microLessonId: number) {
  const tx = db();
  const loaded = await load(tx, microLessonId);
  const w = workflowActor(actor);
  const own = loaded.lesson.authorId === actor.userId && w.mayAuthor;
  const reviewer = loaded.lesson.authorId !== actor.userId && w.reviewCountyIds.includes(loaded.lesson.countyId);
  if (!own && !reviewer) throw forbidden();
  const revisions = await tx
    .select()
    .from(microLessonRevisions)
    .where(eq(microLessonRevisions.microLessonId, microLessonId))
    .orderBy(desc(microLessonRevisions.number));
  const comments = await tx
    .select({
      id: microLessonComments.id,
      revisionId: microLessonComments.revisionId,
      body: microLessonComments.body,
      positionSeconds: microLessonComments.positionSeconds,
      author: users.name,
      createdAt: microLessonComments.createdAt,
    })
    .from(microLessonComments)
    .innerJoin(users, eq(users.id, microLessonComments.authorId))
    .where(
      inArray(
        microLessonComments.revisionId,
        revisions.map((r) => r.id),
      ),
    )
    .orderBy(microLessonComments.positionSeconds, microLessonComments.id);
  const views = await Promise.all(
    revisions.map((r) =>
      revisionView(
        tx,
        r,
        comments.filter((c) => c.revisionId === r.id).map(({ revisionId: _, ...c }) => c),
      ),
    ),
  );
  const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, loaded.lesson.authorId));
  const can = (action: MicroAction) => decide(w, loaded.workflow, action).ok;
  return {
    id: microLessonId,
    countyId: loaded.lesson.countyId,
    author: author?.name ?? "",
    lessonId: loaded.lesson.lessonId,
    lessonSlug: loaded.lesson.lessonId != null ? microLessonSlug(microLessonId) : null,
    publishedRevisionId: loaded.lesson.publishedRevisionId,
    revisions: views,
    latest: views[0],
    own,
    may: {
      edit: can("edit"),
      submit: can("submit"),
      delete: can("delete"),
      comment: can("comment"),
      return: can("return"),
      publish: can("publish"),
    },
  };
}

/** 我的微党课: the author's lessons with their state and, once published, what learners did (学时 credited as shown: one decimal, rounded down). */
export async function listMyMicroLessons(actor: Actor) {
  if (!workflowActor(actor).mayAuthor) throw forbidden();
  const { minutesPerCreditHour } = await studySettings();
  const rows = rowsOf<{
    id: number;
    number: number;
    state: RevisionState;
    title: string;
    updated_at: Date;
    lesson_id: number | null;
    published: boolean;
    nominal_seconds: number | null;
    learners: number;
    completions: number;
    credited_seconds: number;
    rating_sum: number;
    rating_count: number;
  }>(
    await db().execute(sql`
      select m.id, r.number, r.state, r.title, r.updated_at, m.lesson_id, (m.published_revision_id is not null) as published, l.nominal_seconds,
             coalesce(p.learners, 0)::int as learners, coalesce(p.completions, 0)::int as completions, coalesce(p.credited, 0)::int as credited_seconds,
             coalesce(g.rating_sum, 0)::int as rating_sum, coalesce(g.rating_count, 0)::int as rating_count
      from micro_lessons m
      join lateral (select * from micro_lesson_revisions where micro_lesson_id = m.id order by number desc limit 1) r on true
      left join lessons l on l.id = m.lesson_id
      left join lateral (
        select count(*) as learners, count(completed_at) as completions, sum(credited_seconds) as credited
        from lesson_progress where lesson_id = m.lesson_id
      ) p on true
      left join lateral (select sum(stars) as rating_sum, count(*) as rating_count from micro_lesson_ratings where micro_lesson_id = m.id) g on true
      where m.author_id = ${actor.userId}
      order by m.updated_at desc, m.id desc`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    revision: Number(r.number),
    state: r.state,
    title: r.title,
    updatedAt: new Date(r.updated_at),
    live: r.published,
    lessonSlug: r.lesson_id != null ? microLessonSlug(Number(r.id)) : null,
    nominalSeconds: r.nominal_seconds == null ? null : Number(r.nominal_seconds),
    learners: Number(r.learners),
    completions: Number(r.completions),
    creditedSeconds: Number(r.credited_seconds),
    creditedHours: formatCreditHours(Number(r.credited_seconds), minutesPerCreditHour),
    rating: averageOf(Number(r.rating_sum), Number(r.rating_count)),
    ratings: Number(r.rating_count),
  }));
}

/** Published micro lessons of the authors in `userIds` with learners and average rating (the lecturer pool's page reads it). */
export async function publishedLessonStatsByAuthor(tx: DbOrTx, userIds: readonly number[]) {
  if (!userIds.length) return [];
  const rows = rowsOf<{
    author_id: number;
    lesson_id: number;
    title: string;
    published_at: Date | null;
    learners: number;
    rating_sum: number;
    rating_count: number;
  }>(
    await tx.execute(sql`
      select m.author_id, m.lesson_id, l.title, m.published_at,
             (select count(*) from lesson_progress p where p.lesson_id = m.lesson_id)::int as learners,
             coalesce(g.rating_sum, 0)::int as rating_sum, coalesce(g.rating_count, 0)::int as rating_count
      from micro_lessons m
      join lessons l on l.id = m.lesson_id
      left join lateral (select sum(stars) as rating_sum, count(*) as rating_count from micro_lesson_ratings where micro_lesson_id = m.id) g on true
      where m.published_revision_id is not null and m.author_id in ${sql.raw(`(${userIds.map((id) => Number(id)).join(",")})`)}
      order by m.published_at desc nulls last, m.id desc`),
  );
  return rows.map((r) => ({
    userId: Number(r.author_id),
    lessonId: Number(r.lesson_id),
    title: r.title,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    views: Number(r.learners),
    averageRating: averageOf(Number(r.rating_sum), Number(r.rating_count)),
  }));
}

/** 微党课审核: lessons of the reviewer's counties whose latest revision waits for review. */
export async function listReviewQueue(actor: Actor) {
  const counties = workflowActor(actor).reviewCountyIds;
  if (!counties.length) throw forbidden();
  const rows = rowsOf<{
    id: number;
    number: number;
    title: string;
    area: string;
    submitted_at: Date;
    author: string;
    author_id: number;
    live: boolean;
  }>(
    await db().execute(sql`
      select m.id, r.number, r.title, r.area, r.submitted_at, u.name as author, m.author_id, (m.published_revision_id is not null) as live
      from micro_lessons m
      join lateral (select * from micro_lesson_revisions where micro_lesson_id = m.id order by number desc limit 1) r on true
      join users u on u.id = m.author_id
      where r.state = 'submitted' and m.county_id in (${sql.join(
        counties.map((c) => sql`${c}`),
        sql`, `,
      )})
      order by r.submitted_at asc, m.id asc`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    revision: Number(r.number),
    title: r.title,
    area: r.area,
    submittedAt: new Date(r.submitted_at),
    author: r.author,
    own: Number(r.author_id) === actor.userId,
    live: r.live,
  }));
}

// ---------------------------------------------------------------------------------------------
// Learners: the library, the lesson's extra facts, ratings

export const LIBRARY_PAGE_SIZE = 24;

/**
 * Published micro lessons for the catalogue (课程学习) and the library: newest first, with cover,
 * nominal time, average rating and the learner's own progress. `limit` rows from `offset`.
 */
export async function listPublishedMicroLessons(actor: Actor, options: { limit: number; offset?: number; q?: string }) {
  const q = options.q?.trim() ?? "";
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = rowsOf<{
    id: number;
    title: string;
    summary: string;
    area: string;
    author: string;
    lesson_id: number;
    nominal_seconds: number;
    cover_asset_id: number | null;
    rating_sum: number;
    rating_count: number;
    credited_seconds: number;
    completed: boolean;
  }>(
    await db().execute(sql`
      with page as (
        select m.id, m.lesson_id, m.author_id, m.published_revision_id, m.published_at
        from micro_lessons m
        ${q ? sql`join micro_lesson_revisions t on t.id = m.published_revision_id` : sql``}
        where m.published_revision_id is not null ${q ? sql`and t.title ilike ${pattern}` : sql``}
        order by m.published_at desc, m.id desc
        limit ${options.limit + 1} offset ${options.offset ?? 0}
      )
      select m.id, r.title, r.summary, r.area, u.name as author, m.lesson_id, l.nominal_seconds, r.cover_asset_id,
             coalesce(g.rating_sum, 0)::int as rating_sum, coalesce(g.rating_count, 0)::int as rating_count,
             coalesce(p.credited_seconds, 0)::int as credited_seconds, (p.completed_at is not null) as completed
      from page m
      join micro_lesson_revisions r on r.id = m.published_revision_id
      join lessons l on l.id = m.lesson_id
      join users u on u.id = m.author_id
      left join lateral (select sum(stars) as rating_sum, count(*) as rating_count from micro_lesson_ratings where micro_lesson_id = m.id) g on true
      left join lesson_progress p on p.lesson_id = m.lesson_id and p.user_id = ${actor.userId}
      order by m.published_at desc, m.id desc`),
  );
  const items = rows.slice(0, options.limit).map((r) => ({
    id: Number(r.id),
    slug: microLessonSlug(Number(r.id)),
    title: r.title,
    summary: r.summary,
    area: r.area,
    author: r.author,
    nominalSeconds: Number(r.nominal_seconds),
    coverUrl: r.cover_asset_id != null ? `/media/assets/${r.cover_asset_id}` : null,
    rating: averageOf(Number(r.rating_sum), Number(r.rating_count)),
    ratings: Number(r.rating_count),
    creditedSeconds: Math.min(Number(r.credited_seconds), Number(r.nominal_seconds)),
    completed: r.completed,
  }));
  return { items, hasMore: rows.length > options.limit };
}

/** What the lesson page adds for a micro lesson: author, media, rating and whether the learner may rate. */
export async function microLessonForLearner(actor: Actor, lessonId: number) {
  const tx = db();
  const [row] = await tx
    .select({ id: microLessons.id, authorId: microLessons.authorId, author: users.name, revisionId: microLessons.publishedRevisionId })
    .from(microLessons)
    .innerJoin(users, eq(users.id, microLessons.authorId))
    .where(eq(microLessons.lessonId, lessonId));
  if (!row || row.revisionId == null) return null;
  const [revision] = await tx.select().from(microLessonRevisions).where(eq(microLessonRevisions.id, row.revisionId));
  const media = revision.mediaAssetId != null ? await mediaFacts(tx, revision.mediaAssetId) : null;
  const [agg] = await tx
    .select({ sum: sql<number>`coalesce(sum(${microLessonRatings.stars}), 0)::int`, count: sql<number>`count(*)::int` })
    .from(microLessonRatings)
    .where(eq(microLessonRatings.microLessonId, row.id));
  const [mine] = await tx
    .select({ stars: microLessonRatings.stars })
    .from(microLessonRatings)
    .where(and(eq(microLessonRatings.microLessonId, row.id), eq(microLessonRatings.userId, actor.userId)));
  const [progress] = await tx
    .select({ credited: lessonProgress.creditedSeconds })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.lessonId, lessonId), eq(lessonProgress.userId, actor.userId)));
  const may = mayRate({ isAuthor: row.authorId === actor.userId, creditedSeconds: progress?.credited ?? 0 });
  return {
    id: row.id,
    author: row.author,
    summary: revision.summary,
    area: revision.area,
    knowledgePoints: revision.knowledgePoints,
    mediaUrl: media?.url ?? null,
    posterUrl: media?.posterUrl ?? null,
    mediaKind: media?.kind ?? null,
    rating: averageOf(Number(agg.sum), Number(agg.count)),
    ratings: Number(agg.count),
    myStars: mine?.stars ?? null,
    mayRate: may.ok,
    rateRefusal: may.ok ? null : may.reason,
  };
}

export type RateOutcome = { ok: true; lessonSlug: string } | { ok: false; reason: "ownLesson" | "notStudied"; lessonSlug: string };

/** 评分: one per learner and lesson, changeable; only after studying it, never one's own. */
export async function rateMicroLesson(
  actor: Actor,
  microLessonId: number,
  stars: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<RateOutcome> {
  if (!scopeOf(actor, "study:lesson").own) throw forbidden();
  return db().transaction(async (tx) => {
    const [lesson] = await tx.select().from(microLessons).where(eq(microLessons.id, microLessonId));
    if (!lesson || lesson.lessonId == null) throw notFound(`micro lesson ${microLessonId}`);
    const slug = microLessonSlug(microLessonId);
    const [progress] = await tx
      .select({ credited: lessonProgress.creditedSeconds })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.lessonId, lesson.lessonId), eq(lessonProgress.userId, actor.userId)));
    const may = mayRate({ isAuthor: lesson.authorId === actor.userId, creditedSeconds: progress?.credited ?? 0 });
    if (!may.ok) return { ok: false as const, reason: may.reason, lessonSlug: slug };
    await tx
      .insert(microLessonRatings)
      .values({ microLessonId, userId: actor.userId, stars, updatedAt: now })
      .onConflictDoUpdate({ target: [microLessonRatings.microLessonId, microLessonRatings.userId], set: { stars, updatedAt: now } });
    void meta;
    return { ok: true as const, lessonSlug: slug };
  });
}

import { and, asc, desc, eq, inArray, ne, notInArray, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { examAnswerSteps, examAttempts, examAttemptSlots, exams, examMarks, questionVersions, users } from "#db/schema";
import { hasAnyScope, scopeOf, type Actor } from "../auth/access";
import type { RequestMeta } from "../audit/audit.server";
import { writeAudit } from "../audit/audit.server";
import { AppError, forbidden, notFound } from "../errors";
import { MANUALLY_GRADED_TYPES, anyDefinition, questionDraftSchema } from "../question-bank/types/registry";
import { decideSave, mayChangeMark, type GradeForm } from "./grading-form";
import { countedSteps } from "./deadline";
import { examsPersonMaySit } from "./candidate.server";
import { recomputeReleased, releaseIfComplete } from "./finalize.server";
import { currentStep } from "./grading";
import type { AnswerStep, RawAnswer } from "./types";

/**
 * 阅卷 (the grading queue): short-answer slots of submitted attempts wait here until a grader of
 * the exam's county marks them. Graders work question by question (one question version across
 * every candidate of an exam), oldest submission first. Nothing here ever reads or returns who the
 * candidate is: an attempt is shown as "答卷 #<attempt id>".
 *
 * Marks are append-only (exam_marks): a first mark by any grader in scope; a change of a mark only
 * by the county's admins, with a reason, audited, and recomputing a released result.
 *
 * Conflict of interest (issue 8): no one grades, or sees the grading view of, an attempt of their
 * own, nor any attempt of an exam they may still sit while one of its sittings is open
 * (`maySitWhileOpen`): the queue leaves those out, and the question page, the slot page and a mark
 * are refused (403) whatever id is typed.
 */

/** Attempts of exams in the actor's grading scope (exams of their counties). */
function examScopeWhere(actor: Actor): SQL {
  const scope = scopeOf(actor, "grade:exam");
  if (!hasAnyScope(scope)) throw forbidden();
  if (scope.all) return sql`true`;
  return scope.countyIds.length ? inArray(exams.countyId, scope.countyIds) : sql`false`;
}

function inScope(actor: Actor, countyId: number): boolean {
  const scope = scopeOf(actor, "grade:exam");
  return scope.all || scope.countyIds.includes(countyId);
}

/** The exams the actor may still sit while a sitting of them is open (see examsPersonMaySit). */
async function examsActorMaySit(actor: Actor, tx: DbOrTx = db()): Promise<Set<number>> {
  return new Set((await examsPersonMaySit(actor, tx)).keys());
}

/** Refuses (403) an attempt of the actor's own, or of an exam the actor may still sit. */
function refuseConflict(actor: Actor, mayStillSit: ReadonlySet<number>, examId: number, attemptUserId?: number): void {
  if (attemptUserId === actor.userId || mayStillSit.has(examId)) throw forbidden();
}

/** Leaves out the actor's own attempts and the exams the actor may still sit. */
function conflictWhere(actor: Actor, mayStillSit: ReadonlySet<number>): SQL {
  return and(ne(examAttempts.userId, actor.userId), mayStillSit.size ? notInArray(examAttempts.examId, [...mayStillSit]) : undefined)!;
}

const hasMark = sql`exists (select 1 from ${examMarks} m where m.attempt_id = ${examAttemptSlots.attemptId} and m.slot_no = ${examAttemptSlots.slotNo})`;
const GRADABLE_STATES = ["submitted", "graded"] as const;

/** Slots of the types people grade (the type's `marking`: today 简答). */
const manuallyGraded = inArray(examAttemptSlots.type, [...MANUALLY_GRADED_TYPES]);

export interface QueueGroup {
  examId: number;
  examTitle: string;
  questionVersionId: number;
  stem: string;
  maxMarkTenths: number;
  pending: number;
  graded: number;
  oldestFinishedAt: Date | null;
  /** the oldest ungraded slot, where grading this question starts */
  first: { attemptId: number; slotNo: number } | null;
}

function stemOf(body: unknown): string {
  const parsed = questionDraftSchema.safeParse(body);
  return parsed.success ? parsed.data.stem : "";
}

/**
 * The queue: per exam and question version, how many short answers wait and how many are graded,
 * the groups with work first (oldest submission first), then recently finished groups.
 */
export async function listGradingQueue(
  actor: Actor,
  options: { doneLimit?: number } = {},
): Promise<{ pending: QueueGroup[]; done: QueueGroup[]; pendingTotal: number }> {
  const where = examScopeWhere(actor);
  const mayStillSit = await examsActorMaySit(actor);
  const notConflicted = conflictWhere(actor, mayStillSit);
  const pendingCount = sql<number>`(count(*) filter (where not ${hasMark}))::int`;
  const rows = await db()
    .select({
      examId: exams.id,
      examTitle: exams.title,
      questionVersionId: examAttemptSlots.questionVersionId,
      maxMarkTenths: sql<number>`max(${examAttemptSlots.maxMarkTenths})::int`,
      pending: pendingCount,
      total: sql<number>`count(*)::int`,
      oldest: sql<Date | null>`min(${examAttempts.finishedAt}) filter (where not ${hasMark})`.mapWith(examAttempts.finishedAt),
      latest: sql<Date | null>`max(${examAttempts.finishedAt})`.mapWith(examAttempts.finishedAt),
    })
    .from(examAttemptSlots)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptSlots.attemptId))
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .where(and(where, notConflicted, manuallyGraded, inArray(examAttempts.state, [...GRADABLE_STATES])))
    .groupBy(exams.id, exams.title, examAttemptSlots.questionVersionId);

  const pendingRows = rows
    .filter((r) => r.pending > 0)
    .sort(
      (a, b) => (a.oldest?.getTime() ?? 0) - (b.oldest?.getTime() ?? 0) || a.examId - b.examId || a.questionVersionId - b.questionVersionId,
    );
  const doneRows = rows
    .filter((r) => r.pending === 0)
    .sort((a, b) => (b.latest?.getTime() ?? 0) - (a.latest?.getTime() ?? 0) || b.examId - a.examId)
    .slice(0, options.doneLimit ?? 20);

  const versionIds = [...new Set([...pendingRows, ...doneRows].map((r) => r.questionVersionId))];
  const stems = new Map<number, string>();
  if (versionIds.length) {
    for (const v of await db()
      .select({ id: questionVersions.id, body: questionVersions.body })
      .from(questionVersions)
      .where(inArray(questionVersions.id, versionIds))) {
      stems.set(v.id, stemOf(v.body));
    }
  }
  const firsts = await Promise.all(pendingRows.map((r) => nextPendingSlot(db(), actor, r.examId, r.questionVersionId)));
  const group = (r: (typeof rows)[number], first: QueueGroup["first"]): QueueGroup => ({
    examId: r.examId,
    examTitle: r.examTitle,
    questionVersionId: r.questionVersionId,
    stem: stems.get(r.questionVersionId) ?? "",
    maxMarkTenths: r.maxMarkTenths,
    pending: r.pending,
    graded: r.total - r.pending,
    oldestFinishedAt: r.oldest,
    first,
  });
  return {
    pending: pendingRows.map((r, i) => group(r, firsts[i])),
    done: doneRows.map((r) => group(r, null)),
    pendingTotal: pendingRows.reduce((s, r) => s + r.pending, 0),
  };
}

/** The oldest ungraded slot of a question in an exam (submitted attempts only, never the grader's own). */
async function nextPendingSlot(
  tx: DbOrTx,
  actor: Actor,
  examId: number,
  questionVersionId: number,
  except?: { attemptId: number; slotNo: number },
) {
  const [row] = await tx
    .select({ attemptId: examAttemptSlots.attemptId, slotNo: examAttemptSlots.slotNo })
    .from(examAttemptSlots)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptSlots.attemptId))
    .where(
      and(
        eq(examAttempts.examId, examId),
        ne(examAttempts.userId, actor.userId),
        eq(examAttempts.state, "submitted"),
        eq(examAttemptSlots.questionVersionId, questionVersionId),
        manuallyGraded,
        sql`not ${hasMark}`,
        except
          ? sql`not (${examAttemptSlots.attemptId} = ${except.attemptId} and ${examAttemptSlots.slotNo} = ${except.slotNo})`
          : undefined,
      ),
    )
    .orderBy(asc(examAttempts.finishedAt), asc(examAttemptSlots.attemptId), asc(examAttemptSlots.slotNo))
    .limit(1);
  return row ?? null;
}

async function loadExamInScope(actor: Actor, examId: number) {
  const [exam] = await db().select({ id: exams.id, title: exams.title, countyId: exams.countyId }).from(exams).where(eq(exams.id, examId));
  if (!exam) throw notFound();
  if (!inScope(actor, exam.countyId)) throw forbidden();
  return exam;
}

/** Every answer sheet of one question in one exam (submitted or graded), with its current mark. */
export async function listQuestionSheets(actor: Actor, examId: number, questionVersionId: number) {
  const exam = await loadExamInScope(actor, examId);
  refuseConflict(actor, await examsActorMaySit(actor), exam.id);
  // Only a question some attempt of this exam showed as a short answer: not any version id typed.
  const [shown] = await db()
    .select({ attemptId: examAttemptSlots.attemptId })
    .from(examAttemptSlots)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptSlots.attemptId))
    .where(and(eq(examAttempts.examId, examId), eq(examAttemptSlots.questionVersionId, questionVersionId), manuallyGraded))
    .limit(1);
  if (!shown) throw notFound();
  const [version] = await db()
    .select({ body: questionVersions.body })
    .from(questionVersions)
    .where(eq(questionVersions.id, questionVersionId));
  if (!version) throw notFound();
  const latestMark = sql<
    number | null
  >`(select m.mark_tenths from ${examMarks} m where m.attempt_id = ${examAttemptSlots.attemptId} and m.slot_no = ${examAttemptSlots.slotNo} order by m.id desc limit 1)`;
  const sheets = await db()
    .select({
      attemptId: examAttemptSlots.attemptId,
      slotNo: examAttemptSlots.slotNo,
      maxMarkTenths: examAttemptSlots.maxMarkTenths,
      finishedAt: examAttempts.finishedAt,
      markTenths: latestMark,
    })
    .from(examAttemptSlots)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptSlots.attemptId))
    .where(
      and(
        eq(examAttempts.examId, examId),
        ne(examAttempts.userId, actor.userId),
        inArray(examAttempts.state, [...GRADABLE_STATES]),
        eq(examAttemptSlots.questionVersionId, questionVersionId),
        manuallyGraded,
      ),
    )
    .orderBy(asc(examAttempts.finishedAt), asc(examAttemptSlots.attemptId), asc(examAttemptSlots.slotNo));
  return {
    exam: { id: exam.id, title: exam.title },
    questionVersionId,
    stem: stemOf(version.body),
    sheets,
    pending: sheets.filter((s) => s.markTenths === null).length,
    graded: sheets.filter((s) => s.markTenths !== null).length,
  };
}

/** The slot with its attempt's facts, scope-checked; the attempt row is locked when `lock`. */
async function loadSlot(tx: DbOrTx, actor: Actor, attemptId: number, slotNo: number, lock: boolean) {
  const attemptQuery = tx
    .select({
      id: examAttempts.id,
      userId: examAttempts.userId,
      examId: examAttempts.examId,
      state: examAttempts.state,
      deadlineAt: examAttempts.deadlineAt,
      finishedAt: examAttempts.finishedAt,
    })
    .from(examAttempts)
    .where(eq(examAttempts.id, attemptId));
  const [attempt] = lock ? await attemptQuery.for("update") : await attemptQuery;
  if (!attempt) throw notFound();
  const [exam] = await tx
    .select({ id: exams.id, title: exams.title, countyId: exams.countyId })
    .from(exams)
    .where(eq(exams.id, attempt.examId));
  if (!exam) throw notFound();
  if (!inScope(actor, exam.countyId)) throw forbidden();
  refuseConflict(actor, await examsActorMaySit(actor, tx), exam.id, attempt.userId);
  const [slot] = await tx
    .select({
      slotNo: examAttemptSlots.slotNo,
      type: examAttemptSlots.type,
      questionVersionId: examAttemptSlots.questionVersionId,
      maxMarkTenths: examAttemptSlots.maxMarkTenths,
    })
    .from(examAttemptSlots)
    .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slotNo, slotNo)));
  // Only the types people grade are part of the queue.
  if (!slot || !(MANUALLY_GRADED_TYPES as readonly string[]).includes(slot.type)) throw notFound();
  return { attempt, exam, slot };
}

async function marksOf(tx: DbOrTx, attemptId: number, slotNo: number) {
  return tx
    .select({
      id: examMarks.id,
      markTenths: examMarks.markTenths,
      source: examMarks.source,
      comment: examMarks.comment,
      at: examMarks.at,
      graderName: users.name,
    })
    .from(examMarks)
    .leftJoin(users, eq(users.id, examMarks.graderId))
    .where(and(eq(examMarks.attemptId, attemptId), eq(examMarks.slotNo, slotNo)))
    .orderBy(desc(examMarks.id));
}

/**
 * The candidate's answer to a slot as it counts: the step with the highest seq among the steps
 * the finalisation counted (saved before the deadline plus grace).
 */
async function countedAnswer(
  tx: DbOrTx,
  attempt: { id: number; deadlineAt: Date },
  slotNo: number,
): Promise<{ text: string | null; at: Date | null }> {
  const rows = await tx
    .select({ seq: examAnswerSteps.seq, answer: examAnswerSteps.answer, flagged: examAnswerSteps.flagged, at: examAnswerSteps.at })
    .from(examAnswerSteps)
    .where(and(eq(examAnswerSteps.attemptId, attempt.id), eq(examAnswerSteps.slotNo, slotNo)));
  const steps: AnswerStep[] = rows.map((r) => ({ seq: r.seq, answer: r.answer as RawAnswer | null, flagged: r.flagged, at: r.at }));
  const step = currentStep(countedSteps(steps, attempt.deadlineAt));
  const answer = step?.answer ?? null;
  const manual = answer ? anyDefinition(answer.type)?.manual : undefined;
  return { text: answer && manual ? manual.answerText(answer) : null, at: step?.at ?? null };
}

/** What the grading page shows for one slot. */
export async function getSlotForGrading(actor: Actor, attemptId: number, slotNo: number) {
  const { attempt, exam, slot } = await loadSlot(db(), actor, attemptId, slotNo, false);
  const head = {
    attemptId,
    slotNo,
    exam: { id: exam.id, title: exam.title },
    maxMarkTenths: slot.maxMarkTenths,
    questionVersionId: slot.questionVersionId,
  };
  if (attempt.state === "in_progress") return { ...head, submitted: false as const };
  const [version] = await db()
    .select({ body: questionVersions.body })
    .from(questionVersions)
    .where(eq(questionVersions.id, slot.questionVersionId));
  const parsed = questionDraftSchema.safeParse(version?.body);
  const manual = parsed.success ? anyDefinition(parsed.data.type).manual : undefined;
  if (!parsed.success || !manual) throw notFound();
  const draft = parsed.data;
  const key = manual.key(draft);
  const answer = await countedAnswer(db(), attempt, slotNo);
  const marks = await marksOf(db(), attemptId, slotNo);
  return {
    ...head,
    submitted: true as const,
    released: attempt.state === "graded",
    question: { stem: draft.stem, referenceAnswer: key.referenceAnswer, markingPoints: key.markingPoints, explanation: draft.explanation },
    answer,
    marks,
    latestMarkId: marks[0]?.id ?? null,
    mayChange: mayChangeMark(actor, exam.countyId),
  };
}

export type SaveMarkResult =
  | { ok: true; released: boolean; next: { attemptId: number; slotNo: number } | null }
  | { ok: false; problem: "notSubmitted" | "alreadyGraded" | "changedMeanwhile" | "notAllowedToChange" | "reasonRequired" | "unchanged" };

/**
 * Saves a grader's mark for a short-answer slot: a first mark (any grader of the county), or a
 * change (county admins, with a reason). Every mark and every release or change of a result it
 * causes is audited (exam.mark.save / .change, exam.result.release / .change). In one transaction with the attempt locked: the
 * mark row, then — when it was the last missing mark — the release of the result (totals,
 * sub-scores, archive event) by `releaseIfComplete`; a change of a released result recomputes it.
 */
export async function saveManualMark(
  actor: Actor,
  input: { attemptId: number; slotNo: number } & GradeForm,
  meta: RequestMeta,
): Promise<SaveMarkResult> {
  return db().transaction(async (tx) => {
    const { attempt, exam, slot } = await loadSlot(tx, actor, input.attemptId, input.slotNo, true);
    if (attempt.state === "in_progress") return { ok: false, problem: "notSubmitted" } as const;
    if (input.mark > slot.maxMarkTenths) throw new AppError("badRequest", "mark above the slot's maximum");
    const [latest] = await tx
      .select({ id: examMarks.id, markTenths: examMarks.markTenths })
      .from(examMarks)
      .where(and(eq(examMarks.attemptId, input.attemptId), eq(examMarks.slotNo, input.slotNo)))
      .orderBy(desc(examMarks.id))
      .limit(1);
    const decision = decideSave({
      latest: latest ?? null,
      expectedMarkId: input.expectedMarkId,
      newTenths: input.mark,
      reason: input.reason,
      mayChange: mayChangeMark(actor, exam.countyId),
    });
    if (decision.kind === "refused") return { ok: false, problem: decision.problem } as const;

    await tx.insert(examMarks).values({
      attemptId: input.attemptId,
      slotNo: input.slotNo,
      markTenths: input.mark,
      source: "manual",
      graderId: actor.userId,
      comment: input.comment,
    });
    let released = false;
    const audit = { actorId: actor.userId, meta };
    if (decision.kind === "first") {
      // Every mark that makes a candidate's result is on record, not only a change of one.
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "exam.mark.save",
        entityType: "exam_attempt_slot",
        entityId: `${input.attemptId}:${input.slotNo}`,
        countyId: exam.countyId,
        after: { markTenths: input.mark, comment: input.comment },
        meta,
      });
    }
    if (decision.kind === "change") {
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "exam.mark.change",
        entityType: "exam_attempt_slot",
        entityId: `${input.attemptId}:${input.slotNo}`,
        countyId: exam.countyId,
        before: { markTenths: decision.previousTenths },
        after: { markTenths: input.mark, reason: input.reason, comment: input.comment },
        meta,
      });
      if (attempt.state === "graded") await recomputeReleased(tx, input.attemptId, { actorId: actor.userId, reason: input.reason, audit });
      else released = await releaseIfComplete(tx, input.attemptId, new Date(), audit);
    } else {
      released = await releaseIfComplete(tx, input.attemptId, new Date(), audit);
    }
    const next = await nextPendingSlot(tx, actor, exam.id, slot.questionVersionId, { attemptId: input.attemptId, slotNo: input.slotNo });
    return { ok: true, released, next };
  });
}

/** The maximum mark of a short-answer slot the actor may grade (scope-checked): what the form is parsed against. */
export async function gradingSlotMax(actor: Actor, attemptId: number, slotNo: number): Promise<number> {
  const { slot } = await loadSlot(db(), actor, attemptId, slotNo, false);
  return slot.maxMarkTenths;
}

import { and, eq, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { defineCache } from "../cache/cache.server";
import { examAttempts, examMarks } from "#db/schema";
import { appendArchiveEvent } from "../archive/archive.server";
import { certificatesOnChange, certificatesOnRelease } from "../certificates/release-hooks.server";
import { notifyPerson } from "../notifications/notifications.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import type { Area, QuestionDraft } from "../question-bank/question";
import { anyDefinition, questionDraftSchema } from "../question-bank/types/registry";
import { countedSteps, finishedAtFor, isExpired, lastSaveAt } from "./deadline";
import { gradeSlot, summarizeAttempt, type AttemptSummary } from "./grading";
import { int, json, rowsOf, text, ts } from "#db/sql-text.server";
import { log } from "../observability/log.server";
import { DEFAULT_SAVE_GRACE_SECONDS, type ExamKind, type Level, type RawAnswer } from "./types";

/**
 * Finalisation (交卷) and result release (成绩发布).
 *
 * An attempt ends once: submitted by the candidate, closed on access after its deadline
 * ("deadline"), or closed by the sweeper. Finalising locks the attempt row (FOR UPDATE), so it
 * happens exactly once whoever races; saves take a share lock on the same row (save.server.ts), so
 * a save either lands before finalisation (and is graded) or sees the attempt closed.
 *
 * Grading replays the stored answer steps: each slot's answer is its highest-seq step stored by
 * deadline + grace. Objective slots get an 'auto' mark at once; short answers wait for a grader
 * (grading-queue.server.ts), who calls releaseIfComplete after marking. When every slot has a
 * mark the result is released: totals, pass/fail, sub-scores; then `onResultReleased` (the one
 * seam: the "examGraded" archive event, the notice, certificates).
 */

export { countedSteps };

type FinishedBy = "candidate" | "deadline" | "sweeper";

/* ---------------- question versions: immutable, so their parsed bodies are cached ---------------- */

const BODY_CACHE_MAX = 20_000;
const bodies = defineCache<number, QuestionDraft>("questionBodies", { ttlMs: Infinity, max: BODY_CACHE_MAX });

/** Parsed bodies of question versions (cached: versions never change). */
export async function versionBodies(tx: DbOrTx, versionIds: readonly number[]): Promise<Map<number, QuestionDraft>> {
  const cache = bodies.current();
  const now = Date.now();
  const result = new Map<number, QuestionDraft>();
  const missing: number[] = [];
  for (const id of new Set(versionIds)) {
    const hit = cache.get(id, now);
    if (hit) result.set(id, hit);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = rowsOf<{ id: number; body: unknown }>(
      await tx.execute(sql.raw(`select id, body from question_versions where id in (${missing.map(int).join(",")})`)),
    );
    for (const row of rows) {
      const draft = questionDraftSchema.parse(typeof row.body === "string" ? JSON.parse(row.body) : row.body);
      cache.set(Number(row.id), draft, now);
      result.set(Number(row.id), draft);
    }
  }
  return result;
}

/* ---------------- the attempt, locked ---------------- */

interface LockedAttempt {
  id: number;
  userId: number;
  examId: number;
  attemptNo: number;
  state: "in_progress" | "submitted" | "graded";
  deadlineAt: Date;
  markTenths: number | null;
  passed: boolean | null;
  examTitle: string;
  kind: ExamKind;
  level: Level | null;
  countyId: number;
  passMarkTenths: number;
  partialCredit: boolean;
}

async function lockAttempt(tx: DbOrTx, attemptId: number): Promise<LockedAttempt | undefined> {
  const [row] = rowsOf<{
    id: number;
    user_id: number;
    exam_id: number;
    attempt_no: number;
    state: LockedAttempt["state"];
    deadline_at: Date | string;
    mark_tenths: number | null;
    passed: boolean | null;
    exam_title: string;
    kind: ExamKind;
    level: Level | null;
    county_id: number;
    pass_mark_tenths: number;
    partial_credit: boolean;
  }>(
    await tx.execute(
      sql.raw(`
        select a.id, a.user_id, a.exam_id, a.attempt_no, a.state, a.deadline_at, a.mark_tenths, a.passed,
          e.title as exam_title, e.kind, e.level, e.county_id, e.pass_mark_tenths, e.partial_credit
        from exam_attempts a join exams e on e.id = a.exam_id
        where a.id = ${int(attemptId)}
        for update of a`),
    ),
  );
  if (!row) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    examId: Number(row.exam_id),
    attemptNo: Number(row.attempt_no),
    state: row.state,
    deadlineAt: new Date(row.deadline_at),
    markTenths: row.mark_tenths === null ? null : Number(row.mark_tenths),
    passed: row.passed,
    examTitle: row.exam_title,
    kind: row.kind,
    level: row.level,
    countyId: Number(row.county_id),
    passMarkTenths: Number(row.pass_mark_tenths),
    partialCredit: row.partial_credit,
  };
}

/** Every slot of an attempt with its current mark (latest exam_marks row), or null when unmarked. */
async function slotMarks(tx: DbOrTx, attemptId: number) {
  const result = await tx.execute(sql`
    select s.slot_no, s.area, s.max_mark_tenths, m.mark_tenths
    from exam_attempt_slots s
    left join lateral (
      select mark_tenths from exam_marks
      where attempt_id = s.attempt_id and slot_no = s.slot_no
      order by id desc limit 1
    ) m on true
    where s.attempt_id = ${attemptId}
    order by s.slot_no`);
  return rowsOf<{ slot_no: number; area: string; max_mark_tenths: number; mark_tenths: number | null }>(result).map((r) => ({
    slotNo: Number(r.slot_no),
    area: r.area as Area,
    maxMarkTenths: Number(r.max_mark_tenths),
    markTenths: r.mark_tenths === null ? null : Number(r.mark_tenths),
  }));
}

function archiveData(a: LockedAttempt, summary: AttemptSummary) {
  return {
    examId: a.examId,
    examTitle: a.examTitle,
    kind: a.kind,
    level: a.level,
    attemptId: a.id,
    attemptNo: a.attemptNo,
    markTenths: summary.markTenths,
    maxMarkTenths: summary.maxMarkTenths,
    passed: summary.passed,
    subScores: summary.subScores,
  };
}

async function release(tx: DbOrTx, a: LockedAttempt, summary: AttemptSummary, now: Date): Promise<void> {
  await tx
    .update(examAttempts)
    .set({ state: "graded", markTenths: summary.markTenths, passed: summary.passed, subScores: summary.subScores, releasedAt: now })
    .where(eq(examAttempts.id, a.id));
  await onResultReleased(tx, a, summary, now);
}

/*
 * THE RELEASE SEAM. A result is released in two places — `release()` (the last mark by a grader,
 * or a regrade completing an attempt) and `finalizeInTx` (objective-only exams, released at
 * submission) — and changed in one (`recomputeReleased`, after a regrade or a corrected mark). Each
 * writes the attempt row and then calls exactly one of these two functions, in its transaction;
 * everything that follows a release (the archive event, the notice, certificates: auto-issuance,
 * and a hold when a pass turns into a fail) hangs off them and nowhere else.
 */

/** Everything that follows the release of a result (the attempt row is already 'graded'). */
export async function onResultReleased(tx: DbOrTx, a: LockedAttempt, summary: AttemptSummary, now: Date): Promise<void> {
  await appendArchiveEvent(tx, { userId: a.userId, type: "examGraded", actorId: null, data: archiveData(a, summary) });
  await notifyPerson(tx, a.userId, "resultReleased", { attemptId: a.id, examTitle: a.examTitle, passed: summary.passed === true });
  await certificatesOnRelease(
    tx,
    { attemptId: a.id, countyId: a.countyId, kind: a.kind, level: a.level, passed: summary.passed === true },
    now,
  );
}

/** Everything that follows a change of a released result (`a` holds the result before the change). */
export async function onResultChanged(
  tx: DbOrTx,
  a: LockedAttempt,
  summary: AttemptSummary,
  options: { reason?: string | null; actorId?: number | null; audit?: ResultAudit },
  now: Date,
): Promise<void> {
  await appendArchiveEvent(tx, {
    userId: a.userId,
    type: "examRegraded",
    actorId: options.actorId ?? null,
    reason: options.reason ?? null,
    data: { ...archiveData(a, summary), previousMarkTenths: a.markTenths, previousPassed: a.passed },
  });
  await notifyPerson(
    tx,
    a.userId,
    "resultChanged",
    { attemptId: a.id, examTitle: a.examTitle, passed: summary.passed === true },
    options.actorId ?? null,
  );
  await certificatesOnChange(
    tx,
    { attemptId: a.id, countyId: a.countyId, kind: a.kind, level: a.level, passed: summary.passed === true, previousPassed: a.passed },
    { actorId: options.actorId ?? null, meta: options.audit?.meta ?? { ip: "" }, reason: options.reason ?? null },
    now,
  );
}

/**
 * Releases the result of a submitted attempt when every slot has a mark: totals, pass/fail,
 * sub-scores, state 'graded', released_at, and an "examGraded" event in the person's archive.
 * Call it in the transaction that wrote a mark (the grading queue does). Locks the attempt row, so
 * two graders writing the last two marks at once release it once. False when something is still
 * unmarked, or the attempt is not 'submitted' (in progress, or already released).
 */
export async function releaseIfComplete(tx: DbOrTx, attemptId: number, now = new Date(), audit?: ResultAudit): Promise<boolean> {
  const a = await lockAttempt(tx, attemptId);
  if (!a || a.state !== "submitted") return false;
  const summary = summarizeAttempt(await slotMarks(tx, attemptId), a.passMarkTenths);
  if (!summary.complete) return false;
  await release(tx, a, summary, now);
  if (audit) {
    await writeAudit(tx, {
      actorId: audit.actorId,
      action: "exam.result.release",
      entityType: "exam_attempt",
      entityId: a.id,
      countyId: a.countyId,
      after: { markTenths: summary.markTenths, maxMarkTenths: summary.maxMarkTenths, passed: summary.passed },
      meta: audit.meta,
    });
  }
  return true;
}

/** Who changed a candidate's result, for the audit log (a person's action; the system's own release at submission has none). */
export interface ResultAudit {
  actorId: number;
  meta: RequestMeta;
}

/**
 * Recomputes the totals of a RELEASED attempt after a mark changed (a grader's correction, a
 * regrade): mark, pass/fail and sub-scores follow the latest marks; released_at stays. When the
 * result changed, an "examRegraded" archive event records old and new (the earlier "examGraded"
 * event stays: the archive is append-only). False when nothing changed or the attempt is not graded.
 */
export async function recomputeReleased(
  tx: DbOrTx,
  attemptId: number,
  options: { reason?: string | null; actorId?: number | null; audit?: ResultAudit } = {},
  now = new Date(),
): Promise<boolean> {
  const a = await lockAttempt(tx, attemptId);
  if (!a || a.state !== "graded") return false;
  const summary = summarizeAttempt(await slotMarks(tx, attemptId), a.passMarkTenths);
  if (!summary.complete) throw new Error(`attempt ${attemptId} is graded but has an unmarked slot`);
  const [current] = await tx.select({ subScores: examAttempts.subScores }).from(examAttempts).where(eq(examAttempts.id, attemptId));
  if (a.markTenths === summary.markTenths && a.passed === summary.passed && canonical(current?.subScores) === canonical(summary.subScores))
    return false;
  await tx
    .update(examAttempts)
    .set({ markTenths: summary.markTenths, passed: summary.passed, subScores: summary.subScores })
    .where(eq(examAttempts.id, a.id));
  if (options.audit) {
    await writeAudit(tx, {
      actorId: options.audit.actorId,
      action: "exam.result.change",
      entityType: "exam_attempt",
      entityId: a.id,
      countyId: a.countyId,
      before: { markTenths: a.markTenths, passed: a.passed },
      after: { markTenths: summary.markTenths, passed: summary.passed, reason: options.reason ?? null },
      meta: options.audit.meta,
    });
  }
  await onResultChanged(tx, a, summary, options, now);
  return true;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(value ?? null));
}

/* ---------------- finalising ---------------- */

async function finalizeInTx(tx: DbOrTx, attemptId: number, by: FinishedBy, now: Date): Promise<"finalized" | "already"> {
  // 1. Lock the attempt (saves hold a share lock on it: they have committed, or will see it closed).
  const a = await lockAttempt(tx, attemptId);
  if (!a) throw new AppError("notFound", `attempt ${attemptId}`);
  if (a.state !== "in_progress") return "already";
  // A candidate's submit that arrives after deadline + grace closes the attempt as the deadline did.
  const finishedBy: FinishedBy = by === "candidate" && isExpired(a.deadlineAt, now) ? "deadline" : by;
  const finishedAt = finishedAtFor(a.deadlineAt, now);

  // 2. Each slot with its current answer: the highest-seq step stored by deadline + grace. (A
  // statement of its own, after the lock: its snapshot includes every save that held the lock.)
  const result = await tx.execute(
    sql.raw(`
      select s.slot_no, s.question_version_id, s.area, s.max_mark_tenths, st.answer
      from exam_attempt_slots s
      left join lateral (
        select answer from exam_answer_steps
        where attempt_id = s.attempt_id and slot_no = s.slot_no and at <= ${ts(lastSaveAt(a.deadlineAt))}
        order by seq desc limit 1
      ) st on true
      where s.attempt_id = ${int(attemptId)}
      order by s.slot_no`),
  );
  const slots = rowsOf<{ slot_no: number; question_version_id: number; area: string; max_mark_tenths: number; answer: unknown }>(
    result,
  ).map((r) => ({
    slotNo: Number(r.slot_no),
    versionId: Number(r.question_version_id),
    area: r.area as Area,
    maxMarkTenths: Number(r.max_mark_tenths),
    answer: parseAnswer(r.answer),
  }));
  const bodies = await versionBodies(
    tx,
    slots.map((s) => s.versionId),
  );
  const graded = slots.map((s) => {
    const body = bodies.get(s.versionId);
    if (!body) throw new Error(`question version ${s.versionId} missing`);
    return { ...s, markTenths: gradeSlot(body, s.answer, s.maxMarkTenths, { partialCredit: a.partialCredit }).markTenths };
  });
  // The marks are known here: the result is released at once when nothing waits for a grader.
  const summary = summarizeAttempt(graded, a.passMarkTenths);
  const marks = graded.filter((s) => s.markTenths !== null).map((s) => ({ slot_no: s.slotNo, mark_tenths: s.markTenths }));

  // 3. Every write in one statement: the 'auto' marks, the 'submitted' event, the attempt's state
  // (and, when complete, its result and the archive event).
  const released = summary.complete
    ? `, state = 'graded', mark_tenths = ${int(summary.markTenths)}, passed = ${summary.passed ? "true" : "false"}, sub_scores = ${json(summary.subScores)}, released_at = ${ts(now)}`
    : `, state = 'submitted'`;
  await tx.execute(
    sql.raw(`
      with m as (
        insert into exam_marks (attempt_id, slot_no, mark_tenths, source, at)
        select ${int(attemptId)}, x.slot_no, x.mark_tenths, 'auto', ${ts(now)}
        from jsonb_to_recordset(${json(marks)}) as x(slot_no int, mark_tenths int)
      ),
      e as (
        insert into exam_attempt_events (attempt_id, kind, detail, actor_id, at)
        values (${int(attemptId)}, 'submitted', ${json({ by: finishedBy })}, null, ${ts(now)})
      )
      update exam_attempts set finished_at = ${ts(finishedAt)}, finished_by = ${text(finishedBy)}${released}
      where id = ${int(attemptId)}`),
  );
  // Released at once (nothing waits for a grader): what follows a release, in the same transaction.
  if (summary.complete) await onResultReleased(tx, a, summary, now);
  return "finalized";
}

/** A stored step's answer (jsonb; the JSON null, or SQL null when there is no step, means unanswered). */
function parseAnswer(value: unknown): RawAnswer | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === "object" && "type" in parsed ? (parsed as RawAnswer) : null;
}

/**
 * Ends an attempt and grades it, exactly once: "finalized" by this call, or "already" (finished
 * before). finished_at is the submit time but never after the deadline. Objective slots are marked
 * at once; with no short answer the result is released in the same transaction.
 */
export async function finalizeAttempt(attemptId: number, by: FinishedBy, now = new Date()): Promise<"finalized" | "already"> {
  return db().transaction((tx) => finalizeInTx(tx, attemptId, by, now));
}

/**
 * 交卷: the candidate ends their own attempt (finalizeAttempt as "candidate"; "already" when it had
 * ended). Someone without the exam permission → forbidden; another person's attempt, or none →
 * notFound, and nothing changes.
 */
export async function submitAttempt(actor: Actor, attemptId: number, now = new Date()): Promise<"finalized" | "already"> {
  if (!scopeOf(actor, "take:exam").own) throw forbidden();
  return db().transaction(async (tx) => {
    const [own] = await tx.select({ userId: examAttempts.userId }).from(examAttempts).where(eq(examAttempts.id, attemptId));
    if (!own || own.userId !== actor.userId) throw notFound();
    return finalizeInTx(tx, attemptId, "candidate", now);
  });
}

/**
 * Lazy deadline enforcement: closes the attempt (as "deadline") when deadline + grace has passed.
 * Cheap when there is nothing to do (one read). True when this call closed it.
 */
export async function finalizeIfExpired(attemptId: number, now = new Date()): Promise<boolean> {
  const [a] = await db()
    .select({ state: examAttempts.state, deadlineAt: examAttempts.deadlineAt })
    .from(examAttempts)
    .where(eq(examAttempts.id, attemptId));
  if (!a || a.state !== "in_progress" || !isExpired(a.deadlineAt, now)) return false;
  return (await finalizeAttempt(attemptId, "deadline", now)) === "finalized";
}

/**
 * The sweeper: closes abandoned attempts whose deadline + grace has passed, at most `limit` per
 * run. Each attempt is picked with FOR UPDATE SKIP LOCKED in its own short transaction, so several
 * app instances sweep side by side without waiting for or double-closing each other's attempts.
 * Returns how many this call finalised. An attempt that fails to finalise is logged and skipped for
 * the rest of the run (retried next run).
 */
export async function sweepExpiredAttempts(now = new Date(), limit = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - DEFAULT_SAVE_GRACE_SECONDS * 1000);
  const failed: number[] = [];
  let done = 0;
  while (done + failed.length < limit) {
    const pick: { id: number | null } = { id: null };
    try {
      const outcome = await db().transaction(async (tx) => {
        const [row] = await tx
          .select({ id: examAttempts.id })
          .from(examAttempts)
          .where(
            and(
              eq(examAttempts.state, "in_progress"),
              sql`${examAttempts.deadlineAt} < ${cutoff.toISOString()}::timestamptz`,
              failed.length ? sql`${examAttempts.id} not in ${sql.raw(`(${failed.join(",")})`)}` : undefined,
            ),
          )
          .orderBy(examAttempts.deadlineAt)
          .limit(1)
          .for("update", { skipLocked: true });
        if (!row) return "none" as const;
        pick.id = row.id;
        return finalizeInTx(tx, row.id, "sweeper", now);
      });
      if (outcome === "none") break;
      if (outcome === "finalized") done++;
    } catch (error) {
      if (pick.id === null) throw error;
      failed.push(pick.id);
      log.error({ err: error, attemptId: pick.id }, "deadline sweeper could not finalise an attempt");
    }
  }
  return done;
}

/* ---------------- regrading ---------------- */

export interface RegradeResult {
  /** submitted or graded attempt slots showing the version (in the actor's counties) */
  slots: number;
  /** slots whose mark changed (a 'regrade' mark was appended) */
  changedSlots: number;
  /** attempts whose released result changed, or that were released by the regrade */
  changedResults: number;
}

/**
 * Regrades every submitted or graded attempt slot that showed a question version against a
 * corrected key. Question versions are immutable (a trigger refuses updates), so the corrected key
 * is supplied by the caller, typically the body of the question's newer version. Only the key may
 * differ: the type (and for choice questions the number of options) must match the shown version.
 * For each slot whose mark changes, a 'regrade' mark is appended (the earlier mark stays in
 * exam_marks as history), then the attempt's result is recomputed. Short answers are graded by
 * people and cannot be regraded this way. Limited to exams in the actor's counties; audited.
 */
export async function regradeQuestionVersion(
  questionVersionId: number,
  correctedBody: QuestionDraft,
  actor: Actor,
  meta: RequestMeta = { ip: "" },
  now = new Date(),
): Promise<RegradeResult> {
  const scope = scopeOf(actor, "manage:exam");
  if (!scope.all && !scope.countyIds.length) throw forbidden();
  const corrected = questionDraftSchema.parse(correctedBody);
  return db().transaction(async (tx) => {
    const original = (await versionBodies(tx, [questionVersionId])).get(questionVersionId);
    if (!original) throw new AppError("notFound", `question version ${questionVersionId}`);
    // Same type, and the type says whether the corrected key fits what candidates were shown
    // (choice: the same number of options; a type graded by people is never regraded this way).
    if (corrected.type !== original.type || !anyDefinition(corrected.type).regradable(original, corrected)) {
      throw new AppError("badRequest", "a regrade changes the key only");
    }
    const candidates = rowsOf<{ attempt_id: number; county_id: number }>(
      await tx.execute(sql`
        select distinct s.attempt_id, e.county_id
        from exam_attempt_slots s
        join exam_attempts a on a.id = s.attempt_id
        join exams e on e.id = a.exam_id
        where s.question_version_id = ${questionVersionId} and a.state in ('submitted', 'graded')
        order by s.attempt_id`),
    ).filter((r) => scope.all || scope.countyIds.includes(Number(r.county_id)));
    const result: RegradeResult = { slots: 0, changedSlots: 0, changedResults: 0 };
    const counties = new Set<number>();
    for (const { attempt_id } of candidates) {
      const attemptId = Number(attempt_id);
      // In attempt id order: concurrent regrades lock attempts in the same order (no deadlock).
      const a = await lockAttempt(tx, attemptId);
      if (!a || a.state === "in_progress") continue;
      counties.add(a.countyId);
      const rows = rowsOf<{ slot_no: number; max_mark_tenths: number; mark_tenths: number | null }>(
        await tx.execute(sql`
          select s.slot_no, s.max_mark_tenths, m.mark_tenths
          from exam_attempt_slots s
          left join lateral (select mark_tenths from exam_marks where attempt_id = s.attempt_id and slot_no = s.slot_no order by id desc limit 1) m on true
          where s.attempt_id = ${attemptId} and s.question_version_id = ${questionVersionId}`),
      );
      let changed = false;
      for (const row of rows) {
        result.slots++;
        const slotNo = Number(row.slot_no);
        const steps = await tx.execute(sql`
          select seq, answer, flagged, at from exam_answer_steps
          where attempt_id = ${attemptId} and slot_no = ${slotNo} and at <= ${lastSaveAt(a.deadlineAt).toISOString()}::timestamptz
          order by seq desc limit 1`);
        const [step] = rowsOf<{ answer: unknown }>(steps);
        const grade = gradeSlot(corrected, parseAnswer(step?.answer ?? null), Number(row.max_mark_tenths), {
          partialCredit: a.partialCredit,
        });
        const previous = row.mark_tenths === null ? null : Number(row.mark_tenths);
        if (grade.markTenths === null || grade.markTenths === previous) continue;
        await tx.insert(examMarks).values({
          attemptId,
          slotNo,
          markTenths: grade.markTenths,
          source: "regrade",
          graderId: actor.userId,
          comment: `regrade of question version ${questionVersionId}`,
          at: now,
        });
        result.changedSlots++;
        changed = true;
      }
      if (!changed) continue;
      const audit = { actorId: actor.userId, meta };
      const recomputed =
        a.state === "graded"
          ? await recomputeReleased(
              tx,
              attemptId,
              { actorId: actor.userId, reason: `regrade of question version ${questionVersionId}`, audit },
              now,
            )
          : await releaseIfComplete(tx, attemptId, now, audit);
      if (recomputed) result.changedResults++;
    }
    for (const countyId of counties) {
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "exam.regrade",
        entityType: "question_version",
        entityId: questionVersionId,
        countyId,
        after: { ...result, answer: "answer" in corrected ? corrected.answer : null },
        meta,
      });
    }
    return result;
  });
}

import { randomBytes } from "node:crypto";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { examAttemptEvents, examAttempts, examAttemptSlots, exams, examSittings } from "#db/schema";
import { scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import type { Area, QuestionType } from "../question-bank/question";
import { loadBankSnapshot } from "./bank-snapshot.server";
import { blueprintSchema, blueprintTotals } from "./blueprint";
import { personFacts } from "./candidate.server";
import { classTestFacts } from "../classes/membership.server";
import { deadlineFor, isExpired } from "./deadline";
import { drawPaper } from "./draw";
import { startBlockers, type StartBlocker, type StartInput } from "./eligibility";
import { finalizeAttempt } from "./finalize.server";
import { int, rowsOf, runScript, text, ts } from "#db/sql-text.server";
import type { Blueprint, DrawnSlot } from "./types";

/**
 * Starting (开始作答) and resuming attempts.
 *
 * A start draws the candidate's own paper — drawPaper(blueprint, bank snapshot, fresh random seed),
 * the seed stored with the attempt — and fixes the deadline = min(start + duration, sitting close).
 * The attempt and its slots are written by one transaction that locks the sitting row (FOR UPDATE)
 * and then, in a statement with a fresh snapshot, recounts the sitting's starts and the person's
 * attempts and inserts only if the limits still hold: capacity and attempt limits hold however many
 * start at once. Every start of a sitting passes through that lock, so it is held as briefly as
 * possible: the draw happens before (it is pure, and the bank snapshot is cached), and the lock,
 * the recount and the inserts travel as ONE round trip (runScript), so the lock is never held while
 * this process is busy with other requests. Measured here: 1,000 starts spread over 10 s keep pace.
 *
 * Two tabs (or devices) starting at once end with ONE attempt: the second waits for the sitting
 * lock and then finds the first's attempt in progress, or (starting through another sitting of the
 * same exam) loses the unique (exam, user, attempt_no) race with ON CONFLICT DO NOTHING; either way
 * it answers that attempt with resumed: true.
 */

export class StartBlockedError extends AppError {
  constructor(readonly blockers: StartBlocker[]) {
    super("conflict", `start blocked: ${blockers.map((b) => b.code).join(", ")}`);
    this.name = "StartBlockedError";
  }
}

export interface StartResult {
  attemptId: number;
  resumed: boolean;
}

async function loadSitting(sittingId: number) {
  const [row] = await db()
    .select({
      sittingId: examSittings.id,
      sittingStatus: examSittings.status,
      opensAt: examSittings.opensAt,
      closesAt: examSittings.closesAt,
      capacity: examSittings.capacity,
      townId: examSittings.townId,
      examId: exams.id,
      countyId: exams.countyId,
      kind: exams.kind,
      level: exams.level,
      examStatus: exams.status,
      attemptsAllowed: exams.attemptsAllowed,
      durationMinutes: exams.durationMinutes,
      bankIds: exams.bankIds,
      blueprint: exams.blueprint,
    })
    .from(examSittings)
    .innerJoin(exams, eq(exams.id, examSittings.examId))
    .where(eq(examSittings.id, sittingId));
  return row;
}

type Counts = { started: number; used: number; inProgress: { id: number; deadlineAt: Date } | null };

const countsSql = (examId: SQL, userId: number, sittingId: number) => sql`
  (select count(*) from exam_attempts where sitting_id = ${sittingId}) as started,
  (select count(*) from exam_attempts where exam_id = ${examId} and user_id = ${userId}) as used,
  (select id from exam_attempts where exam_id = ${examId} and user_id = ${userId} and state = 'in_progress' order by id limit 1) as in_progress_id,
  (select deadline_at from exam_attempts where exam_id = ${examId} and user_id = ${userId} and state = 'in_progress' order by id limit 1) as in_progress_deadline`;

/** The same counts as countsSql, as SQL text with the ids inlined (for runScript). */
function countsText(examId: number, userId: number, sittingId: number): string {
  const mine = `exam_id = ${int(examId)} and user_id = ${int(userId)}`;
  return `(select count(*)::int from exam_attempts where sitting_id = ${int(sittingId)}) as started,
    (select count(*)::int from exam_attempts where ${mine}) as used,
    (select id from exam_attempts where ${mine} and state = 'in_progress' order by id limit 1) as in_progress_id,
    (select deadline_at from exam_attempts where ${mine} and state = 'in_progress' order by id limit 1) as in_progress_deadline`;
}

type SittingRow = {
  status: "draft" | "published" | "cancelled";
  capacity: number | string;
  opens_at: Date | string;
  closes_at: Date | string;
};

type CountsRow = {
  started: number | string;
  used: number | string;
  in_progress_id: number | null;
  in_progress_deadline: Date | string | null;
};

function countsOf(row: CountsRow): Counts {
  return {
    started: Number(row.started),
    used: Number(row.used),
    inProgress: row.in_progress_id === null ? null : { id: Number(row.in_progress_id), deadlineAt: new Date(row.in_progress_deadline!) },
  };
}

/** The sitting's starts and the person's attempts of the sitting's exam (count, the one in progress): one read. */
async function readCounts(tx: DbOrTx, userId: number, sittingId: number): Promise<Counts> {
  const [row] = rowsOf<CountsRow>(
    await tx.execute(sql`select ${countsSql(sql`(select exam_id from exam_sittings where id = ${sittingId})`, userId, sittingId)}`),
  );
  return countsOf(row);
}

async function logResume(attemptId: number, actor: Actor, sittingId: number, now: Date): Promise<void> {
  await db().insert(examAttemptEvents).values({ attemptId, kind: "resume", detail: { sittingId }, actorId: actor.userId, at: now });
}

/**
 * Starts the actor's attempt in a sitting, or resumes the one in progress (an attempt whose deadline
 * and grace have passed is finalised first and is not resumable). Throws notFound for a sitting
 * that does not exist or is outside the person's county or town, and StartBlockedError (409, with
 * every reason) when the rules say no.
 *
 * Round trips of a fresh start: reads in parallel (sitting and exam; the counts; the person's
 * application and 学时), then one script: the sitting lock, and one statement that recounts and
 * inserts the attempt with all its slots only if the limits still hold.
 */
export async function startAttempt(actor: Actor, sittingId: number, now = new Date()): Promise<StartResult> {
  if (!scopeOf(actor, "take:exam").own) throw forbidden();
  const [row, countsRead, person] = await Promise.all([
    loadSitting(sittingId),
    readCounts(db(), actor.userId, sittingId),
    personFacts(actor, now),
  ]);
  let facts = countsRead;
  if (!row) throw notFound();
  if (facts.inProgress && isExpired(facts.inProgress.deadlineAt, now)) {
    await finalizeAttempt(facts.inProgress.id, "deadline", now);
    facts = { ...facts, inProgress: null };
  }
  const exam = row;
  // the closing test of a training class is for its members only (read for annual tests alone)
  const classTest = exam.kind === "annual" ? ((await classTestFacts([exam.examId], actor.userId)).get(exam.examId) ?? null) : null;
  const input = (
    f: Counts,
    sitting: { status: StartInput["sitting"]["status"]; capacity: number; opensAt: Date; closesAt: Date },
  ): StartInput => ({
    exam: { id: exam.examId, kind: exam.kind, level: exam.level, status: exam.examStatus, attemptsAllowed: exam.attemptsAllowed },
    sitting: { ...sitting, startedCount: f.started, townId: exam.townId, countyId: exam.countyId },
    person,
    attemptsUsed: f.used,
    hasAttemptInProgress: f.inProgress !== null,
    now,
    classTest,
  });
  const blockers = startBlockers(
    input(facts, { status: row.sittingStatus, capacity: row.capacity, opensAt: row.opensAt, closesAt: row.closesAt }),
  );
  // Someone else's county or town: the sitting is none of their business.
  if (blockers.some((b) => b.code === "notInScope")) throw notFound();
  if (facts.inProgress) {
    await logResume(facts.inProgress.id, actor, sittingId, now);
    return { attemptId: facts.inProgress.id, resumed: true };
  }
  if (blockers.length) throw new StartBlockedError(blockers);

  const blueprint = blueprintSchema.safeParse(row.blueprint);
  if (!blueprint.success) throw new AppError("conflict", `exam ${row.examId} has an invalid blueprint`);
  const seed = randomBytes(16).toString("base64url");
  const paper = drawPaper(blueprint.data, await loadBankSnapshot(row.bankIds), seed);
  if (!paper.ok) throw new AppError("conflict", `exam ${row.examId}: the banks cannot fill the blueprint`);
  const maxMarkTenths = blueprintTotals(blueprint.data).maxMarkTenths;
  const slotsJson = JSON.stringify(
    paper.slots.map((s) => ({
      slot_no: s.slotNo,
      question_version_id: s.questionVersionId,
      section: s.section,
      type: s.type,
      area: s.area,
      state: s.state,
      max_mark_tenths: s.maxMarkTenths,
    })),
  );

  const deadlineAt = deadlineFor(now, exam.durationMinutes, exam.closesAt);
  const [fresh] = await runScript<CountsRow & SittingRow & { attempt_id: number | null }>(`
    select 1 from exam_sittings where id = ${int(sittingId)} for update;
    with c as (select ${countsText(exam.examId, actor.userId, sittingId)}),
    s as (select status, capacity, opens_at, closes_at from exam_sittings where id = ${int(sittingId)}),
    ins as (
      insert into exam_attempts (exam_id, sitting_id, user_id, attempt_no, seed, state, started_at, deadline_at, max_mark_tenths)
      select ${int(exam.examId)}, ${int(sittingId)}, ${int(actor.userId)}, c.used + 1, ${text(seed)}, 'in_progress', ${ts(now)}, ${ts(deadlineAt)}, ${int(maxMarkTenths)}
      from c, s
      where c.in_progress_id is null and c.used < ${int(exam.attemptsAllowed)} and c.started < s.capacity
        and s.status = 'published' and s.opens_at <= ${ts(now)} and s.closes_at > ${ts(now)}
        -- the deadline was computed from this close time
        and s.closes_at = ${ts(exam.closesAt)}
      on conflict (exam_id, user_id, attempt_no) do nothing
      returning id
    ),
    slots as (
      insert into exam_attempt_slots (attempt_id, slot_no, question_version_id, section, type, area, state, max_mark_tenths)
      select ins.id, x.slot_no, x.question_version_id, x.section, x.type, x.area, x.state, x.max_mark_tenths
      from ins cross join jsonb_to_recordset(${text(slotsJson)}::jsonb)
        as x(slot_no int, question_version_id int, section int, type text, area text, state jsonb, max_mark_tenths int)
    )
    select c.*, (select id from ins) as attempt_id, s.status, s.capacity, s.opens_at, s.closes_at from c, s`);
  let result: StartResult;
  if (fresh.attempt_id !== null) {
    result = { attemptId: Number(fresh.attempt_id), resumed: false };
  } else {
    const counted = countsOf(fresh);
    const sitting = {
      status: fresh.status,
      capacity: Number(fresh.capacity),
      opensAt: new Date(fresh.opens_at),
      closesAt: new Date(fresh.closes_at),
    };
    if (counted.inProgress) {
      result = { attemptId: counted.inProgress.id, resumed: true };
    } else {
      const again = startBlockers(input(counted, sitting));
      if (again.length) throw new StartBlockedError(again);
      if (sitting.closesAt.getTime() !== exam.closesAt.getTime())
        throw new AppError("conflict", "the sitting changed while starting: start again");
      // Lost the (exam, user, attempt_no) race to a start of the same person through another sitting
      // of this exam, committed after the statement's snapshot: that attempt is theirs to resume.
      const latest = await readCounts(db(), actor.userId, sittingId);
      if (!latest.inProgress) throw new AppError("conflict", "a concurrent start of the same person");
      result = { attemptId: latest.inProgress.id, resumed: true };
    }
  }
  if (result.resumed) await logResume(result.attemptId, actor, sittingId, now);
  return result;
}

/**
 * Redraws an attempt's paper from its stored seed against the CURRENT bank snapshot and compares it
 * with the stored slots. Identical while the exam's banks are unchanged (the draw is a pure function
 * of blueprint, snapshot and seed); a question activated, retired or edited since changes the
 * snapshot, and then `identical` is false (the stored slots remain the truth).
 */
export async function reproducePaper(
  attemptId: number,
): Promise<{ identical: boolean; stored: DrawnSlot[]; reproduced: DrawnSlot[] | null }> {
  const [attempt] = await db()
    .select({ seed: examAttempts.seed, blueprint: exams.blueprint, bankIds: exams.bankIds })
    .from(examAttempts)
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .where(eq(examAttempts.id, attemptId));
  if (!attempt) throw notFound();
  const stored = (
    await db()
      .select({
        slotNo: examAttemptSlots.slotNo,
        section: examAttemptSlots.section,
        questionVersionId: examAttemptSlots.questionVersionId,
        type: examAttemptSlots.type,
        area: examAttemptSlots.area,
        state: examAttemptSlots.state,
        maxMarkTenths: examAttemptSlots.maxMarkTenths,
      })
      .from(examAttemptSlots)
      .where(and(eq(examAttemptSlots.attemptId, attemptId)))
      .orderBy(asc(examAttemptSlots.slotNo))
  ).map((s) => ({ ...s, type: s.type as QuestionType, area: s.area as Area }));
  const paper = drawPaper(attempt.blueprint as Blueprint, await loadBankSnapshot(attempt.bankIds), attempt.seed);
  const reproduced = paper.ok ? paper.slots : null;
  return { identical: reproduced !== null && JSON.stringify(reproduced) === JSON.stringify(stored), stored, reproduced };
}

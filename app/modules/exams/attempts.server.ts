import { randomBytes } from "node:crypto";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { db } from "#db/client.server";
import { examAttemptEvents, examAttempts, examAttemptSlots, exams } from "#db/schema";
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
import { violatesCheck } from "#db/pg-errors";
import { rowsOf } from "#db/sql-text.server";
import type { Blueprint, DrawnSlot } from "./types";

/**
 * Starting (开始作答) and resuming attempts.
 *
 * A start draws the candidate's own paper — drawPaper(blueprint, bank snapshot, fresh random seed),
 * the seed stored with the attempt — and fixes the deadline = min(start + duration, sitting close).
 * The attempt and its slots are written by ONE statement that recounts the person's attempts and
 * inserts only if the rules still hold; the draw happens before (it is pure, and the bank snapshot
 * is cached). No lock is taken over the inserts (docs/decisions/030):
 * - the capacity: the attempt takes its seat when the statement commits (a deferred trigger adds
 *   one to the sitting's seats_taken, migration 0029), and the sitting's check constraint refuses
 *   the seat beyond the capacity, undoing the whole start. The sitting row is locked only for that
 *   commit, so starts of one sitting no longer queue behind each other's inserts;
 * - the attempt limit: the new attempt is numbered used + 1, and the unique (exam, user, attempt_no)
 *   index lets only one of two concurrent starts of the same person have that number.
 *
 * Two tabs (or devices) starting at once end with ONE attempt: the second loses the unique race with
 * ON CONFLICT DO NOTHING (waiting for the first to commit) and answers the first's attempt with
 * resumed: true.
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

/** The sitting with its exam, its seats taken, and the person's attempts of the exam: one read. */
type StartRow = {
  sitting_status: "draft" | "published" | "cancelled";
  opens_at: Date | string;
  closes_at: Date | string;
  capacity: number | string;
  seats_taken: number | string;
  town_id: number | null;
  exam_id: number;
  county_id: number;
  kind: StartInput["exam"]["kind"];
  level: StartInput["exam"]["level"];
  exam_status: StartInput["exam"]["status"];
  attempts_allowed: number;
  duration_minutes: number;
  bank_ids: number[];
  /** "id:revision,…" of the exam's banks, read with the sitting: the bank snapshot's key (bank-snapshot.server.ts) */
  bank_revisions: string | null;
  blueprint: unknown;
} & CountsRow;

type CountsRow = {
  used: number | string;
  in_progress_id: number | null;
  in_progress_deadline: Date | string | null;
};

type Counts = { used: number; inProgress: { id: number; deadlineAt: Date } | null };

/** The person's attempts of the exam (`examId`: an SQL expression): how many, and the one in progress. */
const personCountsSql = (examId: SQL, userId: number) => sql`
  (select count(*)::int from exam_attempts where exam_id = ${examId} and user_id = ${userId}) as used,
  (select id from exam_attempts where exam_id = ${examId} and user_id = ${userId} and state = 'in_progress' order by id limit 1) as in_progress_id,
  (select deadline_at from exam_attempts where exam_id = ${examId} and user_id = ${userId} and state = 'in_progress' order by id limit 1) as in_progress_deadline`;

function countsOf(row: CountsRow): Counts {
  return {
    used: Number(row.used),
    inProgress: row.in_progress_id === null ? null : { id: Number(row.in_progress_id), deadlineAt: new Date(row.in_progress_deadline!) },
  };
}

async function loadStart(userId: number, sittingId: number): Promise<StartRow | undefined> {
  const [row] = rowsOf<StartRow>(
    await db().execute(sql`
      select s.status as sitting_status, s.opens_at, s.closes_at, s.capacity, s.seats_taken, s.town_id,
        e.id as exam_id, e.county_id, e.kind, e.level, e.status as exam_status, e.attempts_allowed,
        e.duration_minutes, e.bank_ids, e.blueprint, ${personCountsSql(sql`e.id`, userId)},
        (select string_agg(b.id || ':' || b.revision, ',' order by b.id) from question_banks b where b.id = any(e.bank_ids)) as bank_revisions
      from exam_sittings s join exams e on e.id = s.exam_id
      where s.id = ${sittingId}`),
  );
  return row;
}

/** The person's attempts of the exam, read again (after losing a race). */
async function readCounts(userId: number, examId: number): Promise<Counts> {
  const [row] = rowsOf<CountsRow>(await db().execute(sql`select ${personCountsSql(sql`${examId}::int`, userId)}`));
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
 * Round trips of a fresh start: two reads in parallel (the sitting, its exam and the person's
 * attempts; the person's application and 学时), then one statement that inserts the attempt with all
 * its slots, its seat taken at commit.
 */
export async function startAttempt(actor: Actor, sittingId: number, now = new Date()): Promise<StartResult> {
  if (!scopeOf(actor, "take:exam").own) throw forbidden();
  const [row, person] = await Promise.all([loadStart(actor.userId, sittingId), personFacts(actor, now)]);
  if (!row) throw notFound();
  let facts = countsOf(row);
  if (facts.inProgress && isExpired(facts.inProgress.deadlineAt, now)) {
    await finalizeAttempt(facts.inProgress.id, "deadline", now);
    facts = { ...facts, inProgress: null };
  }
  const examId = Number(row.exam_id);
  const closesAt = new Date(row.closes_at);
  // the closing test of a training class is for its members only (read for annual tests alone)
  const classTest = row.kind === "annual" ? ((await classTestFacts([examId], actor.userId)).get(examId) ?? null) : null;
  // the rules' input; `latest`: the sitting's status and opening as the start statement read them
  const input = (
    f: Counts,
    latest: { status: StartRow["sitting_status"]; opensAt: Date | string } = {
      status: row.sitting_status,
      opensAt: row.opens_at,
    },
  ): StartInput => ({
    exam: { id: examId, kind: row.kind, level: row.level, status: row.exam_status, attemptsAllowed: row.attempts_allowed },
    sitting: {
      status: latest.status,
      capacity: Number(row.capacity),
      opensAt: new Date(latest.opensAt),
      closesAt,
      startedCount: Number(row.seats_taken),
      townId: row.town_id,
      countyId: row.county_id,
    },
    person,
    attemptsUsed: f.used,
    hasAttemptInProgress: f.inProgress !== null,
    now,
    classTest,
  });
  const blockers = startBlockers(input(facts));
  // Someone else's county or town: the sitting is none of their business.
  if (blockers.some((b) => b.code === "notInScope")) throw notFound();
  if (facts.inProgress) {
    await logResume(facts.inProgress.id, actor, sittingId, now);
    return { attemptId: facts.inProgress.id, resumed: true };
  }
  if (blockers.length) throw new StartBlockedError(blockers);

  const blueprint = blueprintSchema.safeParse(row.blueprint);
  if (!blueprint.success) throw new AppError("conflict", `exam ${examId} has an invalid blueprint`);
  const seed = randomBytes(16).toString("base64url");
  // keyed by the banks' revisions as read above: never a snapshot older than an edit committed before this start
  const paper = drawPaper(blueprint.data, await loadBankSnapshot(row.bank_ids, row.bank_revisions ?? ""), seed);
  if (!paper.ok) throw new AppError("conflict", `exam ${examId}: the banks cannot fill the blueprint`);
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

  const deadlineAt = deadlineFor(now, row.duration_minutes, closesAt);
  const nowIso = now.toISOString();
  let fresh: CountsRow & {
    attempt_id: number | null;
    sitting_status: StartRow["sitting_status"];
    opens_at: Date | string;
    closes_at: Date | string;
  };
  try {
    [fresh] = rowsOf<typeof fresh>(
      await db().execute(sql`
        with c as (select ${personCountsSql(sql`${examId}::int`, actor.userId)}),
        s as (select status, opens_at, closes_at from exam_sittings where id = ${sittingId}),
        ins as (
          insert into exam_attempts (exam_id, sitting_id, user_id, attempt_no, seed, state, started_at, deadline_at, max_mark_tenths)
          select ${examId}, ${sittingId}, ${actor.userId}, c.used + 1, ${seed}, 'in_progress', ${nowIso}::timestamptz, ${deadlineAt.toISOString()}::timestamptz, ${maxMarkTenths}
          from c, s
          where c.in_progress_id is null and c.used < ${row.attempts_allowed}
            and s.status = 'published' and s.opens_at <= ${nowIso}::timestamptz and s.closes_at > ${nowIso}::timestamptz
            -- the deadline was computed from this close time
            and s.closes_at = ${closesAt.toISOString()}::timestamptz
          on conflict (exam_id, user_id, attempt_no) do nothing
          returning id
        ),
        slots as (
          insert into exam_attempt_slots (attempt_id, slot_no, question_version_id, section, type, area, state, max_mark_tenths)
          select ins.id, x.slot_no, x.question_version_id, x.section, x.type, x.area, x.state, x.max_mark_tenths
          from ins cross join jsonb_to_recordset(${slotsJson}::jsonb)
            as x(slot_no int, question_version_id int, section int, type text, area text, state jsonb, max_mark_tenths int)
        )
        select c.*, (select id from ins) as attempt_id, s.status as sitting_status, s.opens_at, s.closes_at from c, s`),
    );
  } catch (error) {
    // The seat beyond the capacity, refused at commit with everything the start wrote.
    if (violatesCheck(error, "exam_sittings_seats")) throw new StartBlockedError([{ code: "full", capacity: Number(row.capacity) }]);
    throw error;
  }
  let result: StartResult;
  if (fresh.attempt_id !== null) {
    result = { attemptId: Number(fresh.attempt_id), resumed: false };
  } else {
    const counted = countsOf(fresh);
    if (counted.inProgress) {
      result = { attemptId: counted.inProgress.id, resumed: true };
    } else {
      if (new Date(fresh.closes_at).getTime() !== closesAt.getTime())
        throw new AppError("conflict", "the sitting changed while starting: start again");
      const again = startBlockers(input(counted, { status: fresh.sitting_status, opensAt: fresh.opens_at }));
      if (again.length) throw new StartBlockedError(again);
      // Lost the (exam, user, attempt_no) race to a concurrent start of the same person, committed
      // after the statement's snapshot: that attempt is theirs to resume.
      const latest = await readCounts(actor.userId, examId);
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

import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { examAttemptEvents, examAttempts } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { AppError } from "../errors";
import { studySettings } from "../learning/config.server";
import { creditHours } from "../hours/study-hours";
import { trainingYear } from "../hours/training-year";
import { loadSitting } from "./admin.server";
import { startBlockers, type PassedExam, type StartBlocker } from "./eligibility";
import { countLeaves, personalBlockers, type AttemptEventAt } from "./proctor";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * The live proctor view of a sitting (proctor:exam) and extra time for one candidate. One query
 * for the attempts (answered slots, leave-page events, last activity aggregated in SQL) and one
 * for the candidates in scope who have not started.
 */

export type ProctorState = "not_started" | "not_allowed" | "in_progress" | "submitted" | "graded";

export interface ProctorRow {
  userId: number;
  name: string;
  townName: string;
  organizationName: string;
  attemptId: number | null;
  attemptNo: number | null;
  state: ProctorState;
  /** epoch ms */
  deadlineMs: number | null;
  slots: number;
  answered: number;
  /** times the candidate really left the page (countLeaves), and for how long in all */
  leaves: number;
  awayMs: number;
  /** epoch ms of the last save, event or the start */
  lastActivityMs: number | null;
  /** why a candidate who has not started may not start (state "not_allowed") */
  blockers: StartBlocker[];
}

const num = (v: unknown) => (v == null ? null : Number(v));

export async function proctorSitting(actor: Actor, examId: number, sittingId: number) {
  const { exam, sitting } = await loadSitting(actor, examId, sittingId, "proctor:exam");
  const now = new Date();
  const nowMs = now.getTime();
  const attempts = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select a.id, a.user_id, a.attempt_no, a.state, u.name, t.name as town_name, o.name as org_name,
        (extract(epoch from a.deadline_at) * 1000)::float8 as deadline_ms,
        (select count(*)::int from exam_attempt_slots s where s.attempt_id = a.id) as slots,
        (select count(*)::int from (
           select distinct on (st.slot_no) st.answer from exam_answer_steps st where st.attempt_id = a.id order by st.slot_no, st.seq desc
         ) last where last.answer <> 'null'::jsonb) as answered,
        (extract(epoch from greatest(a.started_at,
           (select max(st.at) from exam_answer_steps st where st.attempt_id = a.id),
           (select max(e.at) from exam_attempt_events e where e.attempt_id = a.id))) * 1000)::float8 as last_ms
      from exam_attempts a
      join users u on u.id = a.user_id
      ${personPlaceJoinSql}
      where a.sitting_id = ${sitting.id}
      order by a.started_at desc, a.id desc`),
  );
  // Candidates in the sitting's scope with an approved application and no attempt in this sitting yet.
  const waiting = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select u.id as user_id, u.name, t.name as town_name, o.name as org_name, t.id as town_id,
        coalesce((select y.online_seconds + y.offline_seconds from study_year_totals y where y.user_id = u.id and y.year = ${trainingYear(now)}), 0)::float8 as credited_seconds,
        (select count(*)::int from exam_attempts a where a.exam_id = ${exam.id} and a.user_id = u.id) as attempts_used,
        (select coalesce(jsonb_agg(distinct jsonb_build_object('examId', pe.id, 'level', pe.level)), '[]'::jsonb)
           from exam_attempts pa join exams pe on pe.id = pa.exam_id
          where pa.user_id = u.id and pa.state = 'graded' and pa.passed and pe.kind = 'certification') as passed,
        -- the closing test of training classes: null when no class links the exam (classes/membership.server.ts)
        (select bool_or(c.state = 'open' and exists (select 1 from training_class_members m where m.class_id = c.id and m.user_id = u.id))
           from training_classes c where c.exam_id = ${exam.id}) as class_member
      from users u
      ${personPlaceJoinSql}
      where t.county_id = ${exam.countyId}
        and (${sitting.townId}::int is null or t.id = ${sitting.townId}::int)
        and exists (select 1 from navigator_applications n where n.user_id = u.id and n.status = 'approved')
        and not exists (select 1 from exam_attempts a where a.sitting_id = ${sitting.id} and a.user_id = u.id)
      order by t.name, u.name
      limit 500`),
  );
  // Leave-page events of every attempt, in order: counted by the pure rule (a reload is not leaving).
  const events = rowsOf<{ attempt_id: number; kind: string; at_ms: number }>(
    await db().execute(sql`
      select e.attempt_id, e.kind, (extract(epoch from e.at) * 1000)::float8 as at_ms
      from exam_attempt_events e join exam_attempts a on a.id = e.attempt_id
      where a.sitting_id = ${sitting.id}
      order by e.attempt_id, e.at, e.id`),
  );
  const eventsOf = new Map<number, AttemptEventAt[]>();
  for (const e of events) {
    const list = eventsOf.get(Number(e.attempt_id)) ?? [];
    list.push({ kind: e.kind, atMs: Number(e.at_ms) });
    eventsOf.set(Number(e.attempt_id), list);
  }
  const settings = await studySettings();
  const rows: ProctorRow[] = [
    ...attempts.map((r) => ({
      userId: Number(r.user_id),
      name: String(r.name),
      townName: String(r.town_name),
      organizationName: String(r.org_name),
      attemptId: Number(r.id),
      attemptNo: Number(r.attempt_no),
      state: r.state as ProctorState,
      deadlineMs: num(r.deadline_ms),
      slots: Number(r.slots),
      answered: Number(r.answered),
      // A finished attempt: what happened after its last event (the tab closed after submitting) is not counted.
      ...countLeaves(
        eventsOf.get(Number(r.id)) ?? [],
        r.state === "in_progress" ? nowMs : (eventsOf.get(Number(r.id))?.at(-1)?.atMs ?? nowMs),
      ),
      lastActivityMs: num(r.last_ms),
      blockers: [],
    })),
    ...waiting.map((r) => {
      // The start rule itself (eligibility.ts), keeping the reasons that are the person's own.
      const blockers = personalBlockers(
        startBlockers({
          exam: { id: exam.id, kind: exam.kind, level: exam.level, status: exam.status, attemptsAllowed: exam.attemptsAllowed },
          sitting: {
            status: sitting.status,
            opensAt: sitting.opensAt,
            closesAt: sitting.closesAt,
            capacity: sitting.capacity,
            startedCount: attempts.length,
            townId: sitting.townId,
            countyId: exam.countyId,
          },
          person: {
            countyId: exam.countyId,
            townId: Number(r.town_id),
            applicationApproved: true,
            // Tenths of a 学时, rounded down as personFacts does (the minimum is never reached early).
            creditedHours: creditHours(Number(r.credited_seconds), settings.minutesPerCreditHour),
            requiredHours: settings.requiredCreditHours,
            passedCertifications: (typeof r.passed === "string" ? JSON.parse(r.passed) : r.passed) as PassedExam[],
          },
          attemptsUsed: Number(r.attempts_used),
          hasAttemptInProgress: false,
          now,
          classTest: r.class_member == null ? null : { member: Boolean(r.class_member) },
        }),
      );
      return {
        userId: Number(r.user_id),
        name: String(r.name),
        townName: String(r.town_name),
        organizationName: String(r.org_name),
        attemptId: null,
        attemptNo: null,
        state: blockers.length ? ("not_allowed" as const) : ("not_started" as const),
        deadlineMs: null,
        slots: 0,
        answered: 0,
        leaves: 0,
        awayMs: 0,
        lastActivityMs: null,
        blockers,
      };
    }),
  ];
  // Those who may not start come after those who may, so the proctor sees the room first.
  rows.sort((a, b) => Number(a.state === "not_allowed") - Number(b.state === "not_allowed"));
  const counts = { not_started: 0, not_allowed: 0, in_progress: 0, submitted: 0, graded: 0 };
  for (const r of rows) counts[r.state]++;
  return { exam, sitting, rows, counts, nowMs };
}

/**
 * Extra time for one attempt still in progress (and not past its deadline): the deadline moves by
 * `minutes` — also beyond the sitting's close — with an 'extra_time' event and an audit entry, in one
 * transaction holding the attempt's row lock (finalisation takes the same lock).
 */
export async function grantExtraTime(
  actor: Actor,
  examId: number,
  sittingId: number,
  input: { attemptId: number; minutes: number; reason: string },
  meta: RequestMeta,
): Promise<{ ok: true; deadlineAt: Date } | { ok: false; reason: "notInProgress" }> {
  const { exam, sitting } = await loadSitting(actor, examId, sittingId, "proctor:exam");
  return db().transaction(async (tx) => {
    const locked = rowsOf<{ id: number; state: string; deadline_ms: number }>(
      await tx.execute(sql`
        select id, state, (extract(epoch from deadline_at) * 1000)::float8 as deadline_ms
        from exam_attempts where id = ${input.attemptId} and sitting_id = ${sitting.id} for update`),
    );
    const row = locked[0];
    if (!row) throw new AppError("notFound");
    if (row.state !== "in_progress" || Number(row.deadline_ms) <= Date.now()) return { ok: false, reason: "notInProgress" } as const;
    const before = new Date(Number(row.deadline_ms));
    const deadlineAt = new Date(before.getTime() + input.minutes * 60_000);
    await tx
      .update(examAttempts)
      .set({ deadlineAt })
      .where(sql`${examAttempts.id} = ${row.id}`);
    await tx
      .insert(examAttemptEvents)
      .values({ attemptId: row.id, kind: "extra_time", detail: { minutes: input.minutes, reason: input.reason }, actorId: actor.userId });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam_attempt.extra_time",
      entityType: "exam_attempt",
      entityId: row.id,
      countyId: exam.countyId,
      before: { deadlineAt: before.toISOString() },
      after: { deadlineAt: deadlineAt.toISOString(), minutes: input.minutes, reason: input.reason },
      meta,
    });
    return { ok: true, deadlineAt } as const;
  });
}

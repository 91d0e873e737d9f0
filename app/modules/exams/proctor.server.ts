import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { examAttemptEvents, examAttempts } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { AppError } from "../errors";
import { loadSitting } from "./admin.server";

/**
 * The live proctor view of a sitting (proctor:exam) and extra time for one candidate. One query
 * for the attempts (answered slots, leave-page events, last activity aggregated in SQL) and one
 * for the candidates in scope who have not started.
 */

export type ProctorState = "not_started" | "in_progress" | "submitted" | "graded";

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
  leaves: number;
  /** epoch ms of the last save, event or the start */
  lastActivityMs: number | null;
}

const num = (v: unknown) => (v == null ? null : Number(v));

export async function proctorSitting(actor: Actor, examId: number, sittingId: number) {
  const { exam, sitting } = await loadSitting(actor, examId, sittingId, "proctor:exam");
  const attempts = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select a.id, a.user_id, a.attempt_no, a.state, u.name, t.name as town_name, o.name as org_name,
        (extract(epoch from a.deadline_at) * 1000)::float8 as deadline_ms,
        (select count(*)::int from exam_attempt_slots s where s.attempt_id = a.id) as slots,
        (select count(*)::int from (
           select distinct on (st.slot_no) st.answer from exam_answer_steps st where st.attempt_id = a.id order by st.slot_no, st.seq desc
         ) last where last.answer <> 'null'::jsonb) as answered,
        (select count(*)::int from exam_attempt_events e where e.attempt_id = a.id and e.kind in ('hidden', 'blur')) as leaves,
        (extract(epoch from greatest(a.started_at,
           (select max(st.at) from exam_answer_steps st where st.attempt_id = a.id),
           (select max(e.at) from exam_attempt_events e where e.attempt_id = a.id))) * 1000)::float8 as last_ms
      from exam_attempts a
      join users u on u.id = a.user_id
      join organizations o on o.id = u.organization_id
      join towns t on t.id = o.town_id
      where a.sitting_id = ${sitting.id}
      order by a.started_at desc, a.id desc`),
  );
  // Candidates in the sitting's scope with an approved application and no attempt in this sitting yet.
  const waiting = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select u.id as user_id, u.name, t.name as town_name, o.name as org_name
      from users u
      join organizations o on o.id = u.organization_id
      join towns t on t.id = o.town_id
      where t.county_id = ${exam.countyId}
        and (${sitting.townId}::int is null or t.id = ${sitting.townId}::int)
        and exists (select 1 from navigator_applications n where n.user_id = u.id and n.status = 'approved')
        and not exists (select 1 from exam_attempts a where a.sitting_id = ${sitting.id} and a.user_id = u.id)
      order by t.name, u.name
      limit 500`),
  );
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
      leaves: Number(r.leaves),
      lastActivityMs: num(r.last_ms),
    })),
    ...waiting.map((r) => ({
      userId: Number(r.user_id),
      name: String(r.name),
      townName: String(r.town_name),
      organizationName: String(r.org_name),
      attemptId: null,
      attemptNo: null,
      state: "not_started" as const,
      deadlineMs: null,
      slots: 0,
      answered: 0,
      leaves: 0,
      lastActivityMs: null,
    })),
  ];
  const counts = { not_started: 0, in_progress: 0, submitted: 0, graded: 0 };
  for (const r of rows) counts[r.state]++;
  return { exam, sitting, rows, counts, nowMs: Date.now() };
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
    await tx.update(examAttempts).set({ deadlineAt }).where(sql`${examAttempts.id} = ${row.id}`);
    await tx.insert(examAttemptEvents).values({ attemptId: row.id, kind: "extra_time", detail: { minutes: input.minutes, reason: input.reason }, actorId: actor.userId });
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

import { getDatabase, type Database } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { createGroupCommit, type GroupCommit } from "../group-commit";

/**
 * Group commit for judged study requests (docs/decisions/008).
 *
 * Each request is judged by the pure rule, then handed here as a `BeatWrite`. Writes that arrive
 * while the previous statements are running are collected and written together by ONE prepared
 * statement (rows as a JSON parameter), and each caller is answered only after that statement
 * committed. Nothing waits for a timer: a write is sent at once (next turn of the event loop)
 * when fewer than MAX_IN_FLIGHT statements are running, else with the next free slot, so the
 * batch grows with the load and a lone request is not delayed.
 *
 * Every row carries its own condition — the stream row (and, with 随机验证, the latest check) is
 * what the request was judged against — and the statement writes a row's parts only when that
 * row's condition holds (a compare-and-set UPDATE when the stream moves, a guard otherwise).
 * The answer names the rows written; the others were judged on stale state and are judged again
 * by the caller. One person has at most one row in a batch and one write in flight (the caller
 * serialises a person's requests), so batches of this instance never wait on each other's rows.
 */

export interface StreamRow {
  streamId: string;
  lessonId: number;
  lastBeatAt: Date;
}

export interface BeatWrite {
  userId: number;
  lessonId: number;
  now: Date;
  /** the request's own stream id (evidence) */
  beatStreamId: string;
  outcome: string;
  creditSeconds: number;
  /** the stream as judged: null = there was none */
  expected: StreamRow | null;
  /** the stream after this request when it moves, else null (guard only) */
  next: StreamRow | null;
  /** "<id>:<answered>" of the latest attention check as judged ("" = none); null = not checked */
  checkKey: string | null;
  progress: { creditedSeconds: number; furthestPosition: number; completed: boolean } | null;
  /** credited seconds per training year (at most two: a beat never spans two new years) */
  years: { year: number; seconds: number }[];
  schedule: { issuedAt: Date; choices: number[]; answer: number } | null;
}

/** null: the condition did not hold, nothing was written. */
export type BeatWritten = { checkId: number | null } | null;

const MAX_IN_FLIGHT = 3;
const MAX_BATCH = 256;

const WRITE_BATCH = `
with i as (
  select * from jsonb_to_recordset($1::text::jsonb) as t (
    k int4, user_id int4, lesson_id int4, now_at timestamptz, beat_stream text, outcome text, credit int4,
    mode int4, exp_stream text, exp_lesson int4, exp_last timestamptz, new_stream text, new_lesson int4, new_last timestamptz,
    check_key text, prog bool, credited int4, furthest float8, completed bool,
    y1 int4, s1 int4, y2 int4, s2 int4, sched_at timestamptz, sched_choices jsonb, sched_answer int4)
),
ck as (
  select i.* from i
   where i.check_key is null
      or coalesce((select a.id::text || ':' || (a.answered_at is not null)::text from attention_checks a
                    where a.user_id = i.user_id order by a.id desc limit 1), '') = i.check_key
),
upd as (
  update study_streams s set stream_id = ck.new_stream, lesson_id = ck.new_lesson, last_beat_at = ck.new_last
    from ck
   where ck.mode = 2 and s.user_id = ck.user_id and s.stream_id = ck.exp_stream and s.lesson_id = ck.exp_lesson and s.last_beat_at = ck.exp_last
  returning ck.k
),
ins as (
  insert into study_streams (user_id, stream_id, lesson_id, last_beat_at)
  select ck.user_id, ck.new_stream, ck.new_lesson, ck.new_last from ck where ck.mode = 3
  on conflict (user_id) do nothing
  returning user_id
),
g as (
  select k from upd
  union all
  select ck.k from ins join ck on ck.user_id = ins.user_id and ck.mode = 3
  union all
  select ck.k from ck join study_streams s
      on s.user_id = ck.user_id and s.stream_id = ck.exp_stream and s.lesson_id = ck.exp_lesson and s.last_beat_at = ck.exp_last
   where ck.mode = 0
  union all
  select ck.k from ck where ck.mode = 1 and not exists (select 1 from study_streams s where s.user_id = ck.user_id)
),
ok as (select i.* from i join g on g.k = i.k),
p as (
  insert into lesson_progress (user_id, lesson_id, credited_seconds, furthest_position, completed_at, updated_at)
  select user_id, lesson_id, credited, furthest, case when completed then now_at end, now_at from ok where prog
  on conflict (user_id, lesson_id) do update set credited_seconds = excluded.credited_seconds, furthest_position = excluded.furthest_position,
         completed_at = coalesce(lesson_progress.completed_at, excluded.completed_at), updated_at = excluded.updated_at
),
b as (
  insert into study_beats (user_id, lesson_id, stream_id, at, outcome, credited_seconds)
  select user_id, lesson_id, beat_stream, now_at, outcome, credit from ok order by k
),
y as (
  insert into study_year_totals (user_id, year, online_seconds, updated_at)
  select ok.user_id, v.year, v.seconds, ok.now_at from ok cross join lateral (values (ok.y1, ok.s1), (ok.y2, ok.s2)) as v (year, seconds)
   where v.seconds > 0
  on conflict (user_id, year) do update set online_seconds = study_year_totals.online_seconds + excluded.online_seconds, updated_at = excluded.updated_at
),
c as (
  insert into attention_checks (user_id, issued_at, choices, answer)
  select user_id, sched_at, sched_choices, sched_answer from ok where sched_at is not null
  returning user_id, id
)
select ok.k, c.id::text as check_id from ok left join c on c.user_id = ok.user_id`;

/**
 * The group commit (app/modules/group-commit.ts) of one database: batches of at most MAX_BATCH
 * rows. When the statement fails for a reason of its own rows, it is split until only the row that
 * fails on its own gets the error; a deadlock or serialization failure with another instance's
 * statement wrote nothing, and every request of the batch is judged again (answered null).
 */
function createBeatWriter(database: Database): GroupCommit<Record<string, unknown>, BeatWritten> {
  return createGroupCommit<Record<string, unknown>, BeatWritten>({
    name: "study_beat",
    maxInFlight: MAX_IN_FLIGHT,
    rule: { maxJobs: MAX_BATCH },
    onError: (error) => {
      if (error instanceof DatabaseChanged) return { reject: error };
      const code = (error as { code?: string }).code;
      return code === "40P01" || code === "40001" ? { resolve: null } : { split: true };
    },
    run: async (batch) => {
      if (getDatabase() !== database) throw new DatabaseChanged();
      const rows = batch.map((row, k) => ({ ...row, k }));
      const result = await preparedQuery<{ k: number; check_id: string | null }>(WRITE_BATCH, [JSON.stringify(rows)]);
      const written = new Map(result.map((r) => [r.k, r.check_id === null ? null : Number(r.check_id)]));
      return batch.map((_row, k) => (written.has(k) ? { checkId: written.get(k) ?? null } : null));
    },
  });
}

class DatabaseChanged extends Error {
  constructor() {
    super("the database changed while study beats were queued");
  }
}

function toRow(w: BeatWrite): Record<string, unknown> {
  if (w.years.length > 2) throw new Error("a study request spans at most two training years");
  const mode = w.next ? (w.expected ? 2 : 3) : w.expected ? 0 : 1;
  return {
    user_id: w.userId,
    lesson_id: w.lessonId,
    now_at: w.now.toISOString(),
    beat_stream: w.beatStreamId,
    outcome: w.outcome,
    credit: w.creditSeconds,
    mode,
    exp_stream: w.expected?.streamId ?? null,
    exp_lesson: w.expected?.lessonId ?? null,
    exp_last: w.expected?.lastBeatAt.toISOString() ?? null,
    new_stream: w.next?.streamId ?? null,
    new_lesson: w.next?.lessonId ?? null,
    new_last: w.next?.lastBeatAt.toISOString() ?? null,
    check_key: w.checkKey,
    prog: w.progress !== null,
    credited: w.progress?.creditedSeconds ?? null,
    furthest: w.progress?.furthestPosition ?? null,
    completed: w.progress?.completed ?? null,
    y1: w.years[0]?.year ?? null,
    s1: w.years[0]?.seconds ?? 0,
    y2: w.years[1]?.year ?? null,
    s2: w.years[1]?.seconds ?? 0,
    sched_at: w.schedule?.issuedAt.toISOString() ?? null,
    sched_choices: w.schedule?.choices ?? null,
    sched_answer: w.schedule?.answer ?? null,
  };
}

const writers = new WeakMap<Database, GroupCommit<Record<string, unknown>, BeatWritten>>();

function writer(database = getDatabase()): GroupCommit<Record<string, unknown>, BeatWritten> {
  let w = writers.get(database);
  if (!w) writers.set(database, (w = createBeatWriter(database)));
  return w;
}

/** Writes one judged request with whatever else is being written now; resolves after the commit. */
export function writeBeat(write: BeatWrite): Promise<BeatWritten> {
  let row: Record<string, unknown>;
  try {
    row = toRow(write);
  } catch (error) {
    return Promise.reject(error);
  }
  return writer().submit(row);
}

/** Sends what is queued and resolves once every beat taken so far is written (graceful shutdown). */
export function drainBeatWriter(database = getDatabase()): Promise<void> {
  return writers.get(database)?.drain() ?? Promise.resolve();
}

/** Statements sent so far and the rows they carried, for this database. */
export function beatWriterStats(): { statements: number; rows: number; splits: number } {
  const { batches, jobs, splits } = writer().stats;
  return { statements: batches, rows: jobs, splits };
}

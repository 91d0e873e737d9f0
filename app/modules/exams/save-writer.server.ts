import { getDatabase, type Database } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { createGroupCommit, type GroupCommit } from "../group-commit";
import type { SaveItem } from "./save-input";

/**
 * Group commit for answer saves (the exam page's hot path; DESIGN §5).
 *
 * Each save request (one attempt, up to 50 saves, or none: a ping) becomes part of ONE prepared
 * statement with whatever other requests arrive while the previous statements run, and each caller
 * is answered only after that statement committed. Nothing waits for a timer: with fewer than
 * MAX_IN_FLIGHT statements running, a request is sent on the next turn of the event loop, so a
 * lone save is not delayed and the batch grows with the load.
 *
 * The statement carries each request's guard: the attempt must be this person's, in progress, and
 * the request's clock not past deadline + grace. The attempt rows are share-locked, so a
 * finalisation (FOR UPDATE) either sees the steps or makes the saves see the attempt closed. A save
 * whose seq is not above its slot's highest stored seq inserts nothing (stale or a retry), and
 * ON CONFLICT DO NOTHING settles races with other instances. Within this instance one attempt's
 * requests are written one statement after another, in arrival order (a batch holds at most one
 * request per attempt, and none of an attempt whose previous request is still being written).
 */

export interface SaveJob {
  attemptId: number;
  userId: number;
  /** changedAt: when the change was made (ms, already bounded by the receipt time and the grace) */
  saves: readonly (SaveItem & { changedAt: number })[];
  now: Date;
  graceSeconds: number;
}

export interface SaveJobResult {
  /** false: no such attempt of this person */
  found: boolean;
  open: boolean;
  deadlineMs: number;
  /** late: received after the deadline (within the grace) but changed after it, so not stored */
  results: { slotNo: number; seq: number; stored: boolean; lastSeq: number; late?: boolean }[];
}

const MAX_IN_FLIGHT = 3;
const MAX_REQUESTS = 200;
const MAX_ROWS = 1000;

const WRITE_BATCH = `
with r as (
  select * from jsonb_to_recordset($1::text::jsonb) as t (k int4, attempt_id int4, user_id int4, now_at timestamptz, grace float8)
),
a as (
  select r.k, r.user_id, r.now_at, x.id, x.deadline_at,
         (x.state = 'in_progress' and r.now_at <= x.deadline_at + make_interval(secs => r.grace)) as open
    from r join exam_attempts x on x.id = r.attempt_id and x.user_id = r.user_id
  for share of x
),
v as (
  select s.k, s.i, s.slot_no, s.seq, coalesce(s.answer, 'null'::jsonb) as answer, s.flagged, s.changed_at,
         -- received after the deadline (within the grace): kept only if changed before it (decision 010)
         (a.now_at > a.deadline_at and s.changed_at > a.deadline_at) as late,
         coalesce((select max(st.seq) from exam_answer_steps st where st.attempt_id = a.id and st.slot_no = s.slot_no), 0) as prev
    from jsonb_to_recordset($2::text::jsonb) as s (k int4, i int4, slot_no int4, seq int4, answer jsonb, flagged bool, changed_at timestamptz)
    join a on a.k = s.k
),
ins as (
  insert into exam_answer_steps (attempt_id, slot_no, seq, answer, flagged, actor_id, at, changed_at)
  select a.id, v.slot_no, v.seq, v.answer, v.flagged, a.user_id, a.now_at, v.changed_at
    from v join a on a.k = v.k
   where a.open and v.seq > v.prev and not v.late
  on conflict (attempt_id, slot_no, seq) do nothing
  returning attempt_id, slot_no, seq
)
select a.k, (extract(epoch from a.deadline_at) * 1000)::float8 as deadline_ms, a.open,
       coalesce((select json_agg(json_build_object('slotNo', v.slot_no, 'seq', v.seq, 'lastSeq', v.prev, 'late', v.late,
                  'stored', exists (select 1 from ins where ins.attempt_id = a.id and ins.slot_no = v.slot_no and ins.seq = v.seq)) order by v.i)
                  from v where v.k = a.k), '[]'::json)::text as results
  from a`;

type SaveRow = { k: number; deadline_ms: number; open: boolean; results: string };

/**
 * The group commit (app/modules/group-commit.ts) of one database: batches of at most MAX_REQUESTS
 * requests and MAX_ROWS saves, at most one request per attempt and none of an attempt whose
 * previous request is still being written (so one attempt's requests are applied in the order they
 * arrived); a failed statement is split until only the request that fails on its own gets the error.
 */
function createSaveWriter(database: Database): GroupCommit<SaveJob, SaveJobResult> {
  return createGroupCommit<SaveJob, SaveJobResult>({
    name: "exam_save",
    maxInFlight: MAX_IN_FLIGHT,
    rule: { maxJobs: MAX_REQUESTS, maxWeight: MAX_ROWS, weight: (job) => job.saves.length, key: (job) => job.attemptId },
    onError: (error) => (error instanceof DatabaseChanged ? { reject: error } : { split: true }),
    run: async (batch) => {
      if (getDatabase() !== database) throw new DatabaseChanged();
      const requests = batch.map((job, k) => ({
        k,
        attempt_id: job.attemptId,
        user_id: job.userId,
        now_at: job.now.toISOString(),
        grace: job.graceSeconds,
      }));
      const saves = batch.flatMap((job, k) =>
        job.saves.map((s, i) => ({
          k,
          i,
          slot_no: s.slotNo,
          seq: s.seq,
          answer: s.answer,
          flagged: s.flagged,
          changed_at: new Date(s.changedAt).toISOString(),
        })),
      );
      const rows = await preparedQuery<SaveRow>(WRITE_BATCH, [JSON.stringify(requests), JSON.stringify(saves)]);
      const byK = new Map(rows.map((r) => [Number(r.k), r]));
      return batch.map((_job, k) => {
        const row = byK.get(k);
        if (!row) return { found: false, open: false, deadlineMs: 0, results: [] };
        return {
          found: true,
          open: row.open,
          deadlineMs: Number(row.deadline_ms),
          results: JSON.parse(row.results) as SaveJobResult["results"],
        };
      });
    },
  });
}

class DatabaseChanged extends Error {
  constructor() {
    super("the database changed while answer saves were queued");
  }
}

const writers = new WeakMap<Database, GroupCommit<SaveJob, SaveJobResult>>();

function writer(database = getDatabase()): GroupCommit<SaveJob, SaveJobResult> {
  let w = writers.get(database);
  if (!w) writers.set(database, (w = createSaveWriter(database)));
  return w;
}

/** Writes one save request with whatever else is being written now; resolves after the commit. */
export function writeSaves(job: SaveJob): Promise<SaveJobResult> {
  return writer().submit(job);
}

/** Sends what is queued and resolves once every save request taken so far is written (graceful shutdown). */
export function drainSaveWriter(database = getDatabase()): Promise<void> {
  return writers.get(database)?.drain() ?? Promise.resolve();
}

/** Statements sent so far and the requests they carried, for this database. */
export function saveWriterStats(): { statements: number; requests: number; splits: number } {
  const { batches, jobs, splits } = writer().stats;
  return { statements: batches, requests: jobs, splits };
}

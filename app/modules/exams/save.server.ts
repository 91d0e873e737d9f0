import { sql } from "drizzle-orm";
import type { SaveOk } from "~/contracts/exam-save";
import { db, type Db } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { scopeOf, type Actor } from "../auth/access";
import { defineCache } from "../cache/cache.server";
import { AppError, forbidden, notFound } from "../errors";
import { anyDefinition } from "../question-bank/types/registry";
import type { SlotState } from "../question-bank/types/models";
import type { QuestionType } from "../question-bank/question";
import {
  answerFits,
  MAX_STEPS_PER_SLOT,
  maxStepsPerAttempt,
  SAVE_BURST,
  takeSaves,
  type SaveBucket,
  type SaveItem,
  type SlotShape,
} from "./save-input";
import { config } from "../config.server";
import { writeSaves } from "./save-writer.server";
import { DEFAULT_SAVE_GRACE_SECONDS } from "./types";

/**
 * Answer saves and leave-page events: the exam page's hot path (served in front of Express by
 * server/hot-path.ts through server/endpoints/exam-save.ts, and by the exam page's no-JavaScript form).
 *
 * A save is one SQL statement (save-writer.server.ts: one prepared statement, group-committed with
 * the saves arriving at the same time): the guard (this person's attempt, still in progress, the
 * clock not past deadline + grace) is folded into an INSERT ... SELECT into the append-only answer
 * steps, so a save is one database round trip. A seq not above the slot's highest stored seq
 * (stale, or a retry of a save already stored) inserts nothing and reports stored: false. The
 * attempt row is share-locked by the statement, so a finalisation (which locks it for update)
 * either sees the step or makes the save see the attempt closed: an acknowledged save is graded.
 *
 * What never changes about an attempt (its owner, its slots' types, options and blanks) is cached
 * in memory for validation; the deadline and state are never taken from the cache (extra time moves
 * the deadline, another instance may finalise the attempt).
 */

export interface AttemptShape {
  userId: number;
  slots: Map<number, SlotShape>;
  /**
   * Steps stored, per slot and in all (read with the shape, counted up by this instance's saves):
   * the caps of item 7. Another instance's saves are seen at the next read of the shape, so with n
   * instances an attempt could exceed a cap by at most n times — still bounded.
   */
  steps: { total: number; bySlot: Map<number, number> };
  /** saves this attempt may still send now (rate cap) */
  bucket: SaveBucket;
}

/**
 * How long a shape is kept: it never changes, so this only bounds how long a finished attempt's
 * shape stays in memory. Each entry lives 80–100 % of it (at random), so the shapes of a whole
 * sitting, filled within seconds of each other at the start, are not all read again at the same
 * moment (with a 30-s life for all, 200 such reads — a 100-slot aggregate each — came together
 * every 30 s, and the slowest save of a benchmark round took 0.7–1 s instead of ~0.2 s).
 */
const FACTS_TTL_MS = 10 * 60_000;
const FACTS_MAX = 20_000;
// Per database (tests switch databases inside one process; attempt ids repeat across them).
const shapes = defineCache<number, AttemptShape>("attemptShapes", { ttlMs: FACTS_TTL_MS, max: FACTS_MAX, jitter: 0.2 });

const SHAPE_QUERY = `
select x.user_id,
       coalesce((select json_agg(json_build_object('slotNo', s.slot_no, 'type', s.type, 'state', s.state, 'stem', v.body->>'stem'))
                   from exam_attempt_slots s join question_versions v on v.id = s.question_version_id
                  where s.attempt_id = x.id), '[]'::json)::text as slots,
       coalesce((select json_object_agg(c.slot_no, c.n) from (select slot_no, count(*)::int4 as n from exam_answer_steps
                  where attempt_id = x.id group by slot_no) c), '{}'::json)::text as steps
  from exam_attempts x where x.id = $1::int4`;

/** The cached shape of an attempt (owner, slots), or null when there is no such attempt. */
export async function attemptShape(attemptId: number, nowMs = Date.now()): Promise<AttemptShape | null> {
  const facts = shapes.current();
  const hit = facts.get(attemptId, nowMs);
  if (hit) return hit;
  const [row] = await preparedQuery<{ user_id: number; slots: string; steps: string }>(SHAPE_QUERY, [attemptId]);
  if (!row) {
    facts.discard(attemptId);
    return null;
  }
  const slots = JSON.parse(row.slots) as { slotNo: number; type: QuestionType; state: SlotState; stem: string | null }[];
  const shape: AttemptShape = {
    userId: Number(row.user_id),
    // What an answer may hold, as the slot's type sees it (options shown, blanks, ...).
    slots: new Map(slots.map((r) => [r.slotNo, { type: r.type, ...anyDefinition(r.type).shape({ stem: r.stem ?? "", state: r.state }) }])),
    steps: { total: 0, bySlot: new Map() },
    // an expired shape's save bucket carries over
    bucket: facts.peek(attemptId)?.bucket ?? { tokens: Math.max(saveBurst(), slots.length), atMs: nowMs },
  };
  for (const [slot, n] of Object.entries(JSON.parse(row.steps) as Record<string, number>)) {
    shape.steps.bySlot.set(Number(slot), Number(n));
    shape.steps.total += Number(n);
  }
  facts.set(attemptId, shape, nowMs);
  return shape;
}

/** Forgets cached attempt shapes (tests). */
export function clearAttemptShapeCache(): void {
  shapes.current().clear();
}

/** A stored (or acknowledged) request: the 200 answer of the wire contract (app/contracts/exam-save.ts). */
export type SaveOutcomeOk = SaveOk;
export type SaveOutcome =
  | SaveOutcomeOk
  | { ok: false; error: "closed"; deadlineAt: string; serverNow: string }
  /** item 7: more saves per second than any page sends (retry later), or the attempt's or a slot's steps are at their cap */
  | { ok: false; error: "tooFast" | "stepLimit"; serverNow: string };

/** SAVE_BURST, or more where the environment says so (EXAM_SAVE_BURST: the benchmark's candidates save far faster than a page). */
function saveBurst(): number {
  return Math.max(SAVE_BURST, config().EXAM_SAVE_BURST);
}

function mayTakeExams(actor: Actor): boolean {
  return scopeOf(actor, "take:exam").own;
}

/**
 * Stores a batch of saves of one attempt (an empty batch is a ping). Not the person's attempt →
 * notFound (whether it exists is nobody else's business); an answer of the wrong type, an unknown
 * slot or an option that is not there → badRequest, and nothing of the batch is stored; the attempt
 * finished or past deadline + grace → { ok: false, error: "closed" }.
 */
export async function saveAnswers(
  actor: Actor,
  input: { attemptId: number; saves: readonly SaveItem[] },
  now = new Date(),
  graceSeconds = DEFAULT_SAVE_GRACE_SECONDS,
): Promise<SaveOutcome> {
  if (!mayTakeExams(actor)) throw forbidden();
  const shape = await attemptShape(input.attemptId, now.getTime());
  if (!shape || shape.userId !== actor.userId) throw notFound();
  for (const save of input.saves) {
    const slot = shape.slots.get(save.slotNo);
    if (!slot || !answerFits(save.answer, slot)) throw new AppError("badRequest", `slot ${save.slotNo}`);
  }
  const keys = new Set(input.saves.map((s) => `${s.slotNo}:${s.seq}`));
  if (keys.size !== input.saves.length) throw new AppError("badRequest", "a (slot, seq) twice in one request");
  const serverNow = now.toISOString();
  if (input.saves.length) {
    const cap = maxStepsPerAttempt(shape.slots.size);
    if (
      shape.steps.total + input.saves.length > cap ||
      input.saves.some((s) => (shape.steps.bySlot.get(s.slotNo) ?? 0) + 1 > MAX_STEPS_PER_SLOT)
    ) {
      return { ok: false, error: "stepLimit", serverNow };
    }
    if (!takeSaves(shape.bucket, input.saves.length, now.getTime(), Math.max(saveBurst(), shape.slots.size)))
      return { ok: false, error: "tooFast", serverNow };
  }
  // When the change was made (decision 010): the page's record, bounded by the receipt time and
  // the grace — never later than now, never earlier than now − grace; unrecorded: now.
  const nowMs = now.getTime();
  const saves = input.saves.map((s) => ({ ...s, changedAt: Math.min(nowMs, Math.max(nowMs - graceSeconds * 1000, s.changedAt ?? nowMs)) }));
  const written = await writeSaves({ attemptId: input.attemptId, userId: actor.userId, saves, now, graceSeconds });
  if (!written.found) throw notFound();
  const deadlineAt = new Date(written.deadlineMs).toISOString();
  if (!written.open) return { ok: false, error: "closed", deadlineAt, serverNow };
  for (const r of written.results) {
    if (!r.stored) continue;
    shape.steps.total++;
    shape.steps.bySlot.set(r.slotNo, (shape.steps.bySlot.get(r.slotNo) ?? 0) + 1);
  }
  return { ok: true, results: written.results, deadlineAt, serverNow };
}

/** The highest stored seq of each slot of an attempt (what the page numbers its next saves from). */
export async function lastSeqs(attemptId: number): Promise<Record<number, number>> {
  const rows = await db().execute(
    sql`select slot_no, max(seq)::int as seq from exam_answer_steps where attempt_id = ${attemptId} group by slot_no`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as { slot_no: number; seq: number }[];
  return Object.fromEntries(list.map((r) => [Number(r.slot_no), Number(r.seq)]));
}

const EVENT_INSERT = `
insert into exam_attempt_events (attempt_id, kind, detail, actor_id, at)
select id, $1::text, '{}'::jsonb, $2::int4, $3::text::timestamptz
  from exam_attempts where id = $4::int4 and user_id = $2::int4 and state = 'in_progress'
returning id::text`;

// Leave-page events: at most one per attempt and kind per second is written (a page flickering
// between tabs must not turn into a write storm); the rest are dropped here, in memory.
const EVENT_MIN_INTERVAL_MS = 1000;
const eventClocks = new WeakMap<Db, Map<string, number>>();

/**
 * Logs a leave-page event (hidden / blur / visible) for the proctor. Only the attempt's owner,
 * only while it is in progress; nothing is punished. Returns whether the event was written.
 */
export async function recordAttemptEvent(
  actor: Actor,
  input: { attemptId: number; kind: "hidden" | "blur" | "visible" },
  now = new Date(),
): Promise<boolean> {
  if (!mayTakeExams(actor)) throw forbidden();
  const shape = await attemptShape(input.attemptId, now.getTime());
  if (!shape || shape.userId !== actor.userId) throw notFound();
  let lastEvent = eventClocks.get(db());
  if (!lastEvent) eventClocks.set(db(), (lastEvent = new Map()));
  const key = `${input.attemptId}:${input.kind}`;
  const previous = lastEvent.get(key);
  if (previous !== undefined && now.getTime() - previous < EVENT_MIN_INTERVAL_MS && now.getTime() >= previous) return false;
  lastEvent.set(key, now.getTime());
  if (lastEvent.size > 50_000) for (const k of [...lastEvent.keys()].slice(0, 5_000)) lastEvent.delete(k);
  const rows = await preparedQuery<{ id: string }>(EVENT_INSERT, [input.kind, actor.userId, now.toISOString(), input.attemptId]);
  return rows.length > 0;
}

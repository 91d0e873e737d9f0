import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { defineCache } from "../cache/cache.server";
import type { Area, Difficulty, QuestionType } from "../question-bank/question";
import type { BankEntry } from "./types";

/**
 * The bank snapshot a paper is drawn from: the active questions of the exam's banks at their
 * current version.
 *
 * Cached in memory per set of banks and their revisions for SNAPSHOT_TTL_MS: when a sitting opens
 * and a thousand candidates start within seconds, the bank (up to 10,000 questions) is read once,
 * not a thousand times; concurrent callers share one read in flight.
 *
 * A bank's revision moves with every statement that writes its questions (a trigger, migration
 * 0031), in that statement's transaction. The start reads the revisions together with the sitting
 * (attempts.server.ts), so after an edit committed — on this instance or any other — the next start
 * asks for a key no cache holds and reads the bank afresh: no message between instances is needed
 * for this cache, and none can arrive late. Callers without revisions (the blueprint check of an
 * exam being defined) share a separate entry that may be SNAPSHOT_TTL_MS old. Papers already drawn
 * are unaffected either way: they point at exact question versions.
 */

export const SNAPSHOT_TTL_MS = 5_000;
const MAX_ENTRIES = 64;

// Keyed by the database too (app/modules/cache): tests open several databases in one process.
const snapshots = defineCache<string, BankEntry[]>("bankSnapshots", { ttlMs: SNAPSHOT_TTL_MS, max: MAX_ENTRIES });

export async function loadBankSnapshot(bankIds: number[], revisions: string | null = null, nowMs = Date.now()): Promise<BankEntry[]> {
  const ids = [...new Set(bankIds)].filter((id) => Number.isInteger(id)).sort((a, b) => a - b);
  if (!ids.length) return [];
  // concurrent callers share one read; a failed read is not cached
  return (await snapshots.current().getOrLoad(`${ids.join(",")}@${revisions ?? "recent"}`, readSnapshot, nowMs))!;
}

/** Forgets cached snapshots (tests, and after bulk changes when the next draw must see them at once). */
export function clearBankSnapshotCache(): void {
  snapshots.current().clear();
}

async function readSnapshot(key: string): Promise<BankEntry[]> {
  const ids = key.split("@")[0].split(",").map(Number);
  const result = await db().execute(sql`
    select q.id as question_id, q.current_version_id as version_id, q.type, q.area, q.difficulty,
      -- the options of any type that has them (choice questions): what a type's drawState may shuffle
      case when jsonb_typeof(v.body -> 'options') = 'array' then jsonb_array_length(v.body -> 'options')
           -- a matching question's responses: the pairs' distinct responses and the distractors
           when jsonb_typeof(v.body -> 'pairs') = 'array' then (select count(distinct r) from (
             select p ->> 'response' as r from jsonb_array_elements(v.body -> 'pairs') p
             union all select d from jsonb_array_elements_text(coalesce(v.body -> 'distractors', '[]'::jsonb)) d) rs)
           else 0 end as option_count
    from questions q
    join question_versions v on v.id = q.current_version_id
    where q.bank_id in ${sql.raw(`(${ids.join(",")})`)} and q.status = 'active'
    order by q.id`);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as {
    question_id: number;
    version_id: number;
    type: string;
    area: string;
    difficulty: number;
    option_count: number | string;
  }[];
  return rows.map((r) => ({
    questionId: Number(r.question_id),
    versionId: Number(r.version_id),
    type: r.type as QuestionType,
    area: r.area as Area,
    difficulty: Number(r.difficulty) as Difficulty,
    optionCount: Number(r.option_count),
  }));
}

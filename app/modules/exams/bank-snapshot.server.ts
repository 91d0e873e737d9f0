import { sql } from "drizzle-orm";
import { db, type Db } from "#db/client.server";
import type { Area, Difficulty, QuestionType } from "../question-bank/question";
import type { BankEntry } from "./types";

/**
 * The bank snapshot a paper is drawn from: the active questions of the exam's banks at their
 * current version.
 *
 * Cached in memory per set of banks for SNAPSHOT_TTL_MS: when a sitting opens and a thousand
 * candidates start within seconds, the bank (up to 10,000 questions) is read once, not a thousand
 * times; concurrent callers share one read in flight. The price: a question activated, retired or
 * edited shows up in new papers only after the cache expires (a few seconds). Papers already drawn
 * are unaffected either way: they point at exact question versions.
 */

export const SNAPSHOT_TTL_MS = 5_000;
const MAX_ENTRIES = 64;

type Cached = { at: number; entries: Promise<BankEntry[]> };
// Keyed by the database handle too: tests open several databases in one process.
const caches = new WeakMap<Db, Map<string, Cached>>();

export async function loadBankSnapshot(bankIds: number[], nowMs = Date.now()): Promise<BankEntry[]> {
  const ids = [...new Set(bankIds)].filter((id) => Number.isInteger(id)).sort((a, b) => a - b);
  if (!ids.length) return [];
  const handle = db();
  let cache = caches.get(handle);
  if (!cache) caches.set(handle, (cache = new Map()));
  const key = ids.join(",");
  const hit = cache.get(key);
  if (hit && nowMs - hit.at < SNAPSHOT_TTL_MS) return hit.entries;
  const entries = readSnapshot(handle, ids);
  cache.delete(key);
  cache.set(key, { at: nowMs, entries });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  // A failed read is not cached.
  entries.catch(() => {
    if (cache.get(key)?.entries === entries) cache.delete(key);
  });
  return entries;
}

/** Forgets cached snapshots (tests, and after bulk changes when the next draw must see them at once). */
export function clearBankSnapshotCache(): void {
  const handle = db();
  caches.get(handle)?.clear();
}

async function readSnapshot(handle: Db, ids: number[]): Promise<BankEntry[]> {
  const result = await handle.execute(sql`
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

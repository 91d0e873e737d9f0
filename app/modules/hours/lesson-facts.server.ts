import { getDatabase, type Database } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";

/**
 * What the heartbeat needs to know about a lesson — nominal minutes, whether it has a video,
 * whether its course runs attention checks — kept in memory for LESSON_FACTS_TTL_MS (10 s).
 * Lessons change only when the curriculum is imported (at start or by `npm run content:import`),
 * so a change reaches every instance within 10 s. Unknown lessons are not remembered; requests
 * that find a lesson missing or stale at the same moment share one lookup.
 */
export const LESSON_FACTS_TTL_MS = 10_000;
const MAX_LESSONS = 10_000;

export interface HeartbeatLesson {
  id: number;
  /** the most the lesson credits: minutes × 60, or a micro lesson's real media length (decision 023) */
  nominalSeconds: number;
  video: boolean;
  attentionCheck: boolean;
}

interface Store {
  facts: Map<number, { facts: HeartbeatLesson; at: number }>;
  /** lookups under way: requests for the same lesson share one query */
  pending: Map<number, Promise<HeartbeatLesson | null>>;
}
const stores = new WeakMap<Database, Store>();

function store(): Store {
  const database = getDatabase();
  let s = stores.get(database);
  if (!s) stores.set(database, (s = { facts: new Map(), pending: new Map() }));
  return s;
}

export function lessonFacts(lessonId: number, nowMs = Date.now()): Promise<HeartbeatLesson | null> {
  const s = store();
  const hit = s.facts.get(lessonId);
  if (hit && nowMs - hit.at < LESSON_FACTS_TTL_MS && nowMs >= hit.at) return Promise.resolve(hit.facts);
  let pending = s.pending.get(lessonId);
  if (!pending) {
    pending = lookUp(s, lessonId, nowMs).finally(() => s.pending.delete(lessonId));
    s.pending.set(lessonId, pending);
  }
  return pending;
}

async function lookUp(s: Store, lessonId: number, nowMs: number): Promise<HeartbeatLesson | null> {
  const [row] = await preparedQuery<{ id: number; nominal_seconds: number; video: boolean; attention_check: boolean }>(
    `select l.id::int4 as id, coalesce(l.nominal_seconds, l.minutes * 60)::int4 as nominal_seconds,
            (coalesce(l.video, '') <> '' or l.media_asset_id is not null) as video, c.attention_check as attention_check
       from lessons l join courses c on c.id = l.course_id where l.id = $1::int4`,
    [lessonId],
  );
  if (!row) {
    s.facts.delete(lessonId);
    return null;
  }
  const facts: HeartbeatLesson = Object.freeze({ id: row.id, nominalSeconds: row.nominal_seconds, video: row.video, attentionCheck: row.attention_check });
  if (s.facts.size >= MAX_LESSONS) s.facts.clear();
  s.facts.set(lessonId, { facts, at: nowMs });
  return facts;
}

/** After a curriculum import in this process: look lessons up afresh. */
export function forgetLessonFacts(): void {
  store().facts.clear();
}

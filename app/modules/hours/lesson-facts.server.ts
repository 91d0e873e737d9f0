import { preparedQuery } from "#db/prepared.server";
import { defineCache } from "../cache/cache.server";

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

// per database; lookups of one lesson under way are shared (app/modules/cache)
const factsCache = defineCache<number, HeartbeatLesson>("lessonFacts", { ttlMs: LESSON_FACTS_TTL_MS, max: MAX_LESSONS });

export function lessonFacts(lessonId: number, nowMs = Date.now()): Promise<HeartbeatLesson | null> {
  return factsCache.current().getOrLoad(lessonId, lookUp, nowMs);
}

async function lookUp(lessonId: number): Promise<HeartbeatLesson | null> {
  const [row] = await preparedQuery<{ id: number; nominal_seconds: number; video: boolean; attention_check: boolean }>(
    `select l.id::int4 as id, coalesce(l.nominal_seconds, l.minutes * 60)::int4 as nominal_seconds,
            (coalesce(l.video, '') <> '' or l.media_asset_id is not null) as video, c.attention_check as attention_check
       from lessons l join courses c on c.id = l.course_id where l.id = $1::int4`,
    [lessonId],
  );
  if (!row) return null;
  return Object.freeze({ id: row.id, nominalSeconds: row.nominal_seconds, video: row.video, attentionCheck: row.attention_check });
}

/** After a curriculum import in this process: look lessons up afresh. */
export function forgetLessonFacts(): void {
  factsCache.current().clear();
}

import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { examSittingArrivals } from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import type { Actor } from "../auth/access";
import { StartBlockedError, startAttempt } from "./attempts.server";
import { getSittingForCandidate } from "./candidate.server";
import type { StartBlocker } from "./eligibility";
import { log } from "../observability/log.server";
import { countdown, isWaitingRoom, recordsArrival, refreshDelaySeconds, waitingCutoff, type Countdown } from "./waiting-room";

/**
 * 候考 (issue 14): the candidate's sitting page with its waiting room, the arrival it records, and
 * the counts the admin watches. Rules in waiting-room.ts.
 */

/** A repeated load within this many seconds does not rewrite the arrival (a reload storm writes once). */
const ARRIVAL_REWRITE_AFTER_SECONDS = 15;

/**
 * Records that the person has the sitting's page open (one upsert; a row seen in the last
 * ARRIVAL_REWRITE_AFTER_SECONDS is left alone). Never fails the page: an error is logged and the
 * page goes on without it.
 */
export async function recordArrival(sittingId: number, userId: number, now: Date): Promise<boolean> {
  try {
    await db()
      .insert(examSittingArrivals)
      .values({ sittingId, userId, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [examSittingArrivals.sittingId, examSittingArrivals.userId],
        set: { lastSeenAt: sql`excluded.last_seen_at` },
        setWhere: sql`${examSittingArrivals.lastSeenAt} < excluded.last_seen_at - make_interval(secs => ${ARRIVAL_REWRITE_AFTER_SECONDS})`,
      });
    return true;
  } catch (error) {
    log.warn({ err: error, sittingId, userId }, "sitting arrival not recorded");
    return false;
  }
}

/** The waiting room of the sitting page: null when something else than the opening is in the way (or nothing). */
export interface WaitingRoom {
  opensAt: Date;
  countdown: Countdown;
  /** seconds until the page checks again (meta refresh; the one revalidation with JavaScript) */
  refreshSeconds: number;
}

/**
 * The candidate's sitting page (getSittingForCandidate) with the server's clock, the waiting room
 * when only the opening keeps the person from starting, and the arrival recorded when they could
 * start at (or since) the opening.
 */
export async function sittingPageForCandidate(actor: Actor, sittingId: number, now = new Date()) {
  const page = await getSittingForCandidate(actor, sittingId, now);
  const { opensAt, closesAt } = page.sitting;
  if (recordsArrival({ opensAt, closesAt, now, blockers: page.blockers, hasAttemptInProgress: page.resumeAttemptId != null })) {
    await recordArrival(sittingId, actor.userId, now);
  }
  return { ...page, serverNow: now.toISOString(), waitingRoom: waitingRoomOf(actor, page, now) };
}

/** The waiting room for a start refused before the opening (the action answers with the same page). */
export function waitingRoomOf(
  actor: Pick<Actor, "userId">,
  page: { sitting: { id: number; opensAt: Date }; blockers: readonly { code: string }[] },
  now: Date,
): WaitingRoom | null {
  if (!isWaitingRoom(page.blockers as { code: "notOpenYet" }[])) return null;
  const refreshSeconds = refreshDelaySeconds(page.sitting.opensAt, now, { userId: actor.userId, sittingId: page.sitting.id });
  if (refreshSeconds == null) return null;
  return { opensAt: page.sitting.opensAt, countdown: countdown(page.sitting.opensAt, now), refreshSeconds };
}

export type StartFromPage =
  | { kind: "started"; attemptId: number }
  /** refused: every reason, and the waiting room when the opening is the only one (a stale page, a fast finger) */
  | { kind: "blocked"; blockers: StartBlocker[]; waitingRoom: WaitingRoom | null; serverNow: string };

/**
 * 开始考试 from the sitting page: starts (or resumes) the attempt; refused, answers with the
 * reasons — before the opening, with the same waiting room the page shows (never an error page).
 */
export async function startFromSittingPage(actor: Actor, sittingId: number, now = new Date()): Promise<StartFromPage> {
  try {
    const { attemptId } = await startAttempt(actor, sittingId, now);
    return { kind: "started", attemptId };
  } catch (error) {
    if (!(error instanceof StartBlockedError)) throw error;
    const blockers = error.blockers;
    const notOpenYet = blockers.find((b) => b.code === "notOpenYet");
    const waitingRoom = notOpenYet
      ? waitingRoomOf(actor, { sitting: { id: sittingId, opensAt: notOpenYet.opensAt }, blockers }, now)
      : null;
    return { kind: "blocked", blockers, waitingRoom, serverNow: now.toISOString() };
  }
}

export interface SittingCounts {
  /** arrived within the waiting window, no attempt in the sitting */
  waiting: number;
  /** people with an attempt in the sitting (any state) */
  started: number;
  capacity: number;
  opensAt: Date;
  closesAt: Date;
}

/**
 * 等候中 / 已开始 of a sitting. The caller has loaded the sitting with the actor's scope checked
 * (admin.server.ts loadSitting): this only counts. Two index lookups on the sitting.
 */
export async function sittingCounts(
  sitting: { id: number; capacity: number; opensAt: Date; closesAt: Date },
  now = new Date(),
): Promise<SittingCounts> {
  const [row] = rowsOf<{ waiting: number; started: number }>(
    await db().execute(sql`
      select
        (select count(*)::int from exam_sitting_arrivals r
          where r.sitting_id = ${sitting.id} and r.last_seen_at > ${waitingCutoff(now).toISOString()}::timestamptz
            and not exists (select 1 from exam_attempts a where a.sitting_id = r.sitting_id and a.user_id = r.user_id)) as waiting,
        (select count(distinct a.user_id)::int from exam_attempts a where a.sitting_id = ${sitting.id}) as started`),
  );
  return {
    waiting: Number(row?.waiting ?? 0),
    started: Number(row?.started ?? 0),
    capacity: sitting.capacity,
    opensAt: sitting.opensAt,
    closesAt: sitting.closesAt,
  };
}

import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, getDatabase, type Database } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { attentionChecks } from "#db/schema";
import { attentionChallenge, isAttentionOverdue, nextAttentionDelaySeconds } from "./attention";
import { canAct, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import type { BeatOk } from "~/contracts/study-beat";
import { decideBeat, type BeatInput, type CreditPolicy, type ProgressState, type StreamState } from "./crediting";
import { writeBeat } from "./beat-writer.server";
import { lessonFacts, type HeartbeatLesson } from "./lesson-facts.server";

/** The 200 answer of POST /api/study/beat (the wire contract, app/contracts/study-beat.ts). */
export type BeatResponse = BeatOk;

/** The person's latest attention check (courses with 随机验证 only). */
interface CheckState {
  id: number;
  issuedAt: Date;
  answeredAt: Date | null;
  answer: number;
  choices: unknown;
}

/** What the rule needs to know about the person: the stream, this lesson's progress, the latest check. */
interface StudyState {
  stream: StreamState | null;
  progress: ProgressState;
  check: CheckState | null;
}

/**
 * 防挂机: judges one study request on the server, in at most two statements and no held
 * transaction (docs/decisions/008):
 *
 * 1. Read the person's stream, this lesson's progress and (courses with 随机验证) the latest
 *    attention check in one query — or take them from memory: this instance remembers the state
 *    it last wrote for each person (the read is skipped; the write below proves it still holds).
 * 2. Read the clock, let the pure rule decide (`decideBeat`).
 * 3. Write everything in ONE statement of data-modifying CTEs, all of it conditional on the
 *    stream row (and, with 随机验证, the latest check) being exactly what step 1 saw: a
 *    compare-and-set UPDATE of `study_streams` when the stream moves (a credit always moves it:
 *    its `last_beat_at` only grows), else a guard that the row is unchanged. Progress, the judged
 *    beat (evidence), the per-year totals and a newly scheduled check are written only when that
 *    holds; the statement is atomic. Requests of other people arriving meanwhile share the
 *    statement (group commit, beat-writer.server.ts); each is answered after its commit.
 * 4. If it did not hold (another request of the same person — another tab, device or instance —
 *    got in between, or the remembered state was stale), nothing was written: forget, re-read and
 *    judge again with a fresh clock (at most MAX_ATTEMPTS times).
 *
 * A person's requests are judged one at a time on this instance, and across instances the
 * condition catches a stale judgement: concurrent requests of one person are thus judged in order
 * against the latest state, as under the row lock before, and the credit never exceeds real
 * elapsed time of one stream. `at` is for
 * tests; in service the clock is read after the state.
 */
export async function recordBeat(actor: Actor, beat: BeatInput, policy: CreditPolicy, at?: Date): Promise<BeatResponse> {
  if (!canAct(actor, "study:lesson", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
  const lesson = await lessonFacts(beat.lessonId);
  if (!lesson) throw notFound();
  return oneAtATime(actor.userId, () => judgeAndWrite(actor, lesson, beat, policy, at));
}

async function judgeAndWrite(
  actor: Actor,
  lesson: HeartbeatLesson,
  beat: BeatInput,
  policy: CreditPolicy,
  at?: Date,
): Promise<BeatResponse> {
  const remembered = rememberedStates();
  for (let attempt = 1; ; attempt++) {
    const known = attempt === 1 ? remembered.get(actor.userId, lesson.id) : undefined;
    const state = known ?? (await readState(actor.userId, lesson));
    const now = at ?? new Date();
    const nominalSeconds = lesson.nominalSeconds;
    const decision = decideBeat({
      policy,
      now,
      stream: state.stream,
      lesson: { id: lesson.id, nominalSeconds, video: lesson.video },
      progress: state.progress,
      beat: { ...beat, attentionOverdue: isAttentionOverdue(state.check, now) },
    });

    // 随机验证: schedule the next check at a random moment once the last one is answered.
    let schedule: { issuedAt: Date; choices: number[]; answer: number } | null = null;
    let attention: BeatResponse["attention"];
    if (lesson.attentionCheck && decision.outcome !== "otherStream" && decision.outcome !== "wrongLesson") {
      const check = state.check;
      if (!check || check.answeredAt) {
        const challenge = attentionChallenge(Math.random);
        const delay = nextAttentionDelaySeconds(Math.random, attentionWindow());
        schedule = { issuedAt: new Date(now.getTime() + delay * 1000), choices: challenge.choices, answer: challenge.answer };
      } else if (check.issuedAt <= now) {
        attention = { id: check.id, choices: z.array(z.number()).parse(check.choices) };
      }
    }

    const before = state.stream;
    const after = decision.stream;
    const moved =
      after !== null &&
      (before === null ||
        after.streamId !== before.streamId ||
        after.lessonId !== before.lessonId ||
        after.lastBeatAt.getTime() !== before.lastBeatAt.getTime());
    const progressChanged =
      decision.creditSeconds > 0 || decision.progress.furthestPosition !== state.progress.furthestPosition || decision.completedNow;
    // The rule changes progress only together with the stream (its last beat moves on); a change
    // without that would escape the compare-and-set.
    if (progressChanged && !moved) throw new Error("recordBeat: progress changed but the stream did not move");
    const written = await writeBeat({
      userId: actor.userId,
      lessonId: lesson.id,
      now,
      beatStreamId: beat.streamId,
      outcome: decision.outcome,
      creditSeconds: decision.creditSeconds,
      expected: before,
      next: moved ? after : null,
      checkKey: lesson.attentionCheck ? (state.check ? `${state.check.id}:${state.check.answeredAt ? "true" : "false"}` : "") : null,
      progress: progressChanged ? decision.progress : null,
      years: decision.years.filter((part) => part.seconds > 0),
      schedule,
    });
    if (written) {
      const check =
        schedule && written.checkId !== null
          ? { id: written.checkId, issuedAt: schedule.issuedAt, answeredAt: null, answer: schedule.answer, choices: schedule.choices }
          : state.check;
      remembered.set(actor.userId, lesson.id, { stream: decision.stream, progress: decision.progress, check });
      return {
        ...(attention ? { attention } : {}),
        outcome: decision.outcome,
        creditSeconds: decision.creditSeconds,
        lessonCreditedSeconds: decision.progress.creditedSeconds,
        nominalSeconds,
        completed: decision.progress.completed,
        ...(decision.resumeAt !== undefined ? { resumeAt: decision.resumeAt } : {}),
      };
    }
    remembered.forget(actor.userId);
    if (attempt >= MAX_ATTEMPTS) throw new AppError("conflict", "the study stream kept changing; try again");
  }
}

const MAX_ATTEMPTS = 5;

/**
 * A person's requests are judged one after the other on this instance (two tabs, a retry): each
 * sees the state the previous one wrote, and a batch never holds two rows of one person.
 */
const running = new Map<number, Promise<unknown>>();
function oneAtATime<T>(userId: number, task: () => Promise<T>): Promise<T> {
  const previous = running.get(userId);
  const result = previous ? previous.then(task, task) : task();
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  running.set(userId, settled);
  void settled.then(() => {
    if (running.get(userId) === settled) running.delete(userId);
  });
  return result;
}

const READ_STATE = `
select s.stream_id as stream_id, s.lesson_id::int4 as stream_lesson_id,
       (extract(epoch from s.last_beat_at) * 1000)::float8 as last_beat_ms,
       p.credited_seconds::int4 as credited_seconds, p.furthest_position::float8 as furthest_position,
       (p.completed_at is not null) as completed,
       c.id::text as check_id, (extract(epoch from c.issued_at) * 1000)::float8 as check_issued_ms,
       (extract(epoch from c.answered_at) * 1000)::float8 as check_answered_ms,
       c.answer::int4 as check_answer, c.choices::text as check_choices
  from (select $1::int4 as user_id) me
  left join study_streams s on s.user_id = me.user_id
  left join lesson_progress p on p.user_id = me.user_id and p.lesson_id = $2::int4
  left join lateral (
    select a.id, a.issued_at, a.answered_at, a.answer, a.choices from attention_checks a
     where a.user_id = me.user_id and $3::bool order by a.id desc limit 1
  ) c on true`;

type StateRow = {
  stream_id: string | null;
  stream_lesson_id: number | null;
  last_beat_ms: number | null;
  credited_seconds: number | null;
  furthest_position: number | null;
  completed: boolean;
  check_id: string | null;
  check_issued_ms: number | null;
  check_answered_ms: number | null;
  check_answer: number | null;
  check_choices: string | null;
};

async function readState(userId: number, lesson: HeartbeatLesson): Promise<StudyState> {
  const [row] = await preparedQuery<StateRow>(READ_STATE, [userId, lesson.id, lesson.attentionCheck]);
  return {
    stream:
      row.stream_id !== null && row.stream_lesson_id !== null && row.last_beat_ms !== null
        ? { streamId: row.stream_id, lessonId: row.stream_lesson_id, lastBeatAt: new Date(row.last_beat_ms) }
        : null,
    progress: { creditedSeconds: row.credited_seconds ?? 0, furthestPosition: row.furthest_position ?? 0, completed: row.completed },
    check:
      row.check_id !== null && row.check_issued_ms !== null
        ? {
            id: Number(row.check_id),
            issuedAt: new Date(row.check_issued_ms),
            answeredAt: row.check_answered_ms === null ? null : new Date(row.check_answered_ms),
            answer: row.check_answer ?? 0,
            choices: JSON.parse(row.check_choices ?? "[]"),
          }
        : null,
  };
}

/**
 * The state this instance last wrote per person (stream + the progress of the lesson it wrote),
 * so a person's next beat can skip the read. It is only a guess: the write's condition checks it
 * (stream row and latest attention check), and a miss costs a re-read. Bounded; per database.
 */
interface Remembered {
  lessonId: number;
  state: StudyState;
}
const MAX_REMEMBERED = 50_000;
const statesByDatabase = new WeakMap<Database, Map<number, Remembered>>();

function rememberedStates() {
  const database = getDatabase();
  let map = statesByDatabase.get(database);
  if (!map) statesByDatabase.set(database, (map = new Map()));
  const states = map;
  return {
    get(userId: number, lessonId: number): StudyState | undefined {
      const entry = states.get(userId);
      return entry && entry.lessonId === lessonId && entry.state.stream ? entry.state : undefined;
    },
    set(userId: number, lessonId: number, state: StudyState) {
      states.delete(userId);
      if (states.size >= MAX_REMEMBERED) states.delete(states.keys().next().value as number);
      states.set(userId, { lessonId, state });
    },
    forget(userId: number) {
      states.delete(userId);
    },
  };
}

/** Delay before the next attention check: 5 to 15 minutes (tests shorten it). */
function attentionWindow() {
  const env = z
    .object({
      STUDY_ATTENTION_MIN_SECONDS: z.coerce.number().int().min(1).default(300),
      STUDY_ATTENTION_MAX_SECONDS: z.coerce.number().int().min(1).default(900),
    })
    .parse(process.env);
  return {
    minSeconds: env.STUDY_ATTENTION_MIN_SECONDS,
    maxSeconds: Math.max(env.STUDY_ATTENTION_MIN_SECONDS, env.STUDY_ATTENTION_MAX_SECONDS),
  };
}

/** The digit to click of the person's open attention check (for its picture); null when there is none to show. */
export async function attentionDigit(actor: Actor, checkId: number, now = new Date()): Promise<number | null> {
  if (!canAct(actor, "study:lesson", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
  const [check] = await db()
    .select()
    .from(attentionChecks)
    .where(and(eq(attentionChecks.id, checkId), eq(attentionChecks.userId, actor.userId)));
  if (!check || check.answeredAt || check.issuedAt > now) return null;
  return check.answer;
}

/** Answers the person's open attention check; a wrong choice leaves it open. */
export async function answerAttentionCheck(
  actor: Actor,
  input: { checkId: number; choice: number },
  now = new Date(),
): Promise<{ correct: boolean }> {
  if (!canAct(actor, "study:lesson", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
  const [check] = await db()
    .select()
    .from(attentionChecks)
    .where(and(eq(attentionChecks.id, input.checkId), eq(attentionChecks.userId, actor.userId)));
  if (!check || check.answeredAt || check.issuedAt > now) throw notFound();
  if (check.answer !== input.choice) return { correct: false };
  await db().update(attentionChecks).set({ answeredAt: now }).where(eq(attentionChecks.id, check.id));
  // the remembered check is answered now (the next beat's condition would notice; this saves a retry)
  rememberedStates().forget(actor.userId);
  return { correct: true };
}

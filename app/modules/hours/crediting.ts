import { z } from "zod";
import { text } from "../text";
import { splitByYear } from "./training-year";
import type { BeatOutcome, BeatRequest } from "~/contracts/study-beat";
import type { Same } from "~/contracts/type-equality";

/**
 * Study-time crediting (防挂机), pure. The server, never the browser, decides credited time.
 *
 * The lesson page sends a "start" when it opens or becomes visible again, then a "beat" about
 * every 30 s while open. Each person has ONE active study stream (a random id per page instance):
 * a start elsewhere takes it over and beats from a superseded stream credit nothing. A beat credits
 * the server-measured time since the stream's previous request, capped per beat and by the lesson's
 * nominal duration. `decideBeat` judges one request; the caller persists what it returns.
 */

export interface CreditPolicy {
  /** the client's beat interval (informational for the client) */
  heartbeatSeconds: number;
  /** at most this much credit per accepted beat */
  maxCreditPerBeatSeconds: number;
  /** no credit when the page reports no interaction for longer than this */
  idleLimitSeconds: number;
  /** a lesson is complete at this share of its nominal duration */
  completionRatio: number;
  /** a video position may run ahead of the elapsed time by this much */
  seekToleranceSeconds: number;
}

export const DEFAULT_POLICY: CreditPolicy = {
  heartbeatSeconds: 30,
  maxCreditPerBeatSeconds: 40,
  idleLimitSeconds: 300,
  completionRatio: 0.9,
  seekToleranceSeconds: 5,
};

/** The person's active study stream. */
export interface StreamState {
  streamId: string;
  lessonId: number;
  lastBeatAt: Date;
}

export interface LessonFacts {
  id: number;
  nominalSeconds: number;
  video: boolean;
}

/** One person's progress in one lesson. */
export interface ProgressState {
  creditedSeconds: number;
  furthestPosition: number;
  completed: boolean;
}

export interface BeatInput {
  kind: "start" | "beat";
  /** 8–64 chars [A-Za-z0-9_-], random per page instance */
  streamId: string;
  lessonId: number;
  visible: boolean;
  /** seconds since the person last interacted, as the page reports */
  idleSeconds: number;
  /** video lessons only */
  video?: { playing: boolean; position: number; rate: number };
  /** the server's own fact: an attention check is open past its deadline (never from the client) */
  attentionOverdue?: boolean;
}

/** what the server decided about a beat: part of the wire contract (app/contracts/study-beat.ts) */
export type { BeatOutcome };

export interface BeatDecision {
  outcome: BeatOutcome;
  /** whole seconds, ≥ 0 */
  creditSeconds: number;
  /** the person's active stream after this request */
  stream: StreamState | null;
  /** this lesson's progress after this request */
  progress: ProgressState;
  /** true on the request that first records the lesson as complete */
  completedNow: boolean;
  /** creditSeconds split by training year, over [now − credit, now] */
  years: { year: number; seconds: number }[];
  /** for seekRefused: the position the player must go back to (the furthest point watched) */
  resumeAt?: number;
}

export interface DecideBeatInput {
  policy: CreditPolicy;
  now: Date;
  stream: StreamState | null;
  lesson: LessonFacts;
  progress: ProgressState;
  beat: BeatInput;
}

/** Credited seconds at which a lesson counts as complete: ceil(completionRatio × nominal). */
export function completionThreshold(nominalSeconds: number, policy: CreditPolicy): number {
  // 0.9 × 100 is 90.00000000000001 in binary floating point: round away that noise before ceil.
  const exact = Math.round(policy.completionRatio * nominalSeconds * 1e6) / 1e6;
  return Math.max(0, Math.ceil(exact));
}

/** Credited share of the nominal duration, as an integer 0–100 rounded down. */
export function lessonPercent(progress: ProgressState, nominalSeconds: number): number {
  if (!(nominalSeconds > 0)) return progress.completed ? 100 : 0;
  const percent = Math.floor((progress.creditedSeconds * 100) / nominalSeconds);
  return Math.min(100, Math.max(0, percent));
}

/** |rate − 1| below this counts as normal speed (players report 0.999…). */
const RATE_TOLERANCE = 0.01;

export function decideBeat(input: DecideBeatInput): BeatDecision {
  const { policy, now, stream, lesson, progress, beat } = input;
  if (beat.lessonId !== lesson.id) {
    throw new Error(`decideBeat: lesson facts are for lesson ${lesson.id}, the beat is for lesson ${beat.lessonId}`);
  }

  const noCredit = (outcome: BeatOutcome, next: StreamState | null, nextProgress: ProgressState = progress): BeatDecision => ({
    outcome,
    creditSeconds: 0,
    stream: next,
    progress: nextProgress,
    completedNow: false,
    years: [],
  });

  // 1. A start takes the stream over (another tab or device loses it); it credits nothing.
  if (beat.kind === "start") {
    return noCredit("started", { streamId: beat.streamId, lessonId: beat.lessonId, lastBeatAt: now });
  }

  // 2. Only the active stream credits, and only for the lesson it was started on.
  if (!stream || stream.streamId !== beat.streamId) return noCredit("otherStream", stream);
  if (stream.lessonId !== beat.lessonId) return noCredit("wrongLesson", stream);

  // 3. Time measured by the server; nothing elapsed means a duplicated or replayed request.
  const elapsed = Math.floor((now.getTime() - stream.lastBeatAt.getTime()) / 1000);
  if (!(elapsed > 0)) return noCredit("replay", stream);

  // 4. From here the stream moves on whatever the outcome: time that passed while hidden or
  //    idle is never credited by a later beat.
  const moved: StreamState = { ...stream, lastBeatAt: now };

  // 5. The learner must be looking and present.
  if (!beat.visible) return noCredit("hidden", moved);
  if (beat.idleSeconds > policy.idleLimitSeconds) return noCredit("idle", moved);
  if (beat.attentionOverdue) return noCredit("attentionOverdue", moved);

  // 6. A video credits only while playing at normal speed and not past the furthest point watched.
  let furthestPosition = progress.furthestPosition;
  if (lesson.video) {
    const video = beat.video;
    if (!video || !video.playing) return noCredit("notPlaying", moved);
    if (!(Math.abs(video.rate - 1) < RATE_TOLERANCE)) return noCredit("rateRefused", moved);
    if (video.position > progress.furthestPosition + elapsed + policy.seekToleranceSeconds) {
      return { ...noCredit("seekRefused", moved), resumeAt: progress.furthestPosition };
    }
    furthestPosition = Math.max(progress.furthestPosition, video.position);
  }

  // 7. Credit the elapsed time, capped per beat and by what the lesson has left.
  const base = Math.min(elapsed, Math.floor(policy.maxCreditPerBeatSeconds));
  const remaining = lesson.nominalSeconds - progress.creditedSeconds;
  const creditSeconds = remaining > 0 ? Math.max(0, Math.min(base, Math.floor(remaining))) : 0;
  const creditedSeconds = progress.creditedSeconds + creditSeconds;

  // 8. Completion: once reached it stays; completedNow only on the request that records it.
  const completed = progress.completed || creditedSeconds >= completionThreshold(lesson.nominalSeconds, policy);
  const nextProgress: ProgressState = { creditedSeconds, furthestPosition, completed };
  const completedNow = completed && !progress.completed;

  if (creditSeconds <= 0) {
    return { ...noCredit("lessonFull", moved, nextProgress), completedNow };
  }
  return {
    outcome: "credited",
    creditSeconds,
    stream: moved,
    progress: nextProgress,
    completedNow,
    years: splitByYear(new Date(now.getTime() - creditSeconds * 1000), now),
  };
}

/** The JSON body the lesson page posts. `attentionOverdue` is a server fact: unknown keys are stripped. */
export const beatInputSchema = z.object({
  kind: z.enum(["start", "beat"]),
  streamId: text().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lessonId: z.number().int().positive().max(2_147_483_647),
  visible: z.boolean(),
  idleSeconds: z.number().min(0).max(86_400),
  video: z
    .object({
      playing: z.boolean(),
      position: z.number().min(0).max(86_400),
      rate: z.number().min(0).max(16),
    })
    .optional(),
});

export type BeatBody = z.infer<typeof beatInputSchema>;
// The schema takes exactly the wire contract (app/contracts/study-beat.ts): drift is a type error here.
const beatInputMatchesContract: Same<BeatBody, BeatRequest> = true;
void beatInputMatchesContract;

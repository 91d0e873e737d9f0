/**
 * The wire contract of POST /api/study/beat and POST /api/study/attention (docs/decisions/008, 027):
 * what the lesson page sends and what the server answers. Imported by the server's endpoint
 * (server/endpoints/study-beat.ts) and by the page (app/components/study-tracker.tsx), so a change
 * on one side is a type error on the other; the server's zod schemas (app/modules/hours/crediting.ts)
 * are checked against these types. Browser-safe: types only.
 */
import type { EndpointErrorCode, JsonError, TransportErrorCode } from "./json-errors";

/** What the server decided about a beat (app/modules/hours/crediting.ts decideBeat). */
export type BeatOutcome =
  | "started"
  | "credited"
  | "otherStream"
  | "wrongLesson"
  | "replay"
  | "hidden"
  | "idle"
  | "attentionOverdue"
  | "notPlaying"
  | "rateRefused"
  | "seekRefused"
  | "lessonFull";

/** Facts only: the server decides what is credited. */
export interface BeatRequest {
  /** start claims the person's single study stream; beat follows every interval */
  kind: "start" | "beat";
  /** 8–64 of A–Z a–z 0–9 _ - */
  streamId: string;
  lessonId: number;
  visible: boolean;
  /** seconds since the person last interacted */
  idleSeconds: number;
  /** video lessons only */
  video?: { playing: boolean; position: number; rate: number };
}

/** 200 */
export interface BeatOk {
  outcome: BeatOutcome;
  /** an attention check to answer now (its digit is a picture: GET /api/study/attention/:id.svg) */
  attention?: { id: number; choices: number[] };
  creditSeconds: number;
  lessonCreditedSeconds: number;
  nominalSeconds: number;
  completed: boolean;
  /** seekRefused: where the video may resume */
  resumeAt?: number;
}

export type BeatErrorCode = EndpointErrorCode | TransportErrorCode;
export type BeatResponse = BeatOk | JsonError<BeatErrorCode>;

/** POST /api/study/attention: the answer to the open 随机验证 check. */
export interface AttentionRequest {
  checkId: number;
  choice: number;
}
export type AttentionResponse = { correct: boolean } | JsonError<BeatErrorCode>;

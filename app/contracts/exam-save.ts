/**
 * The wire contract of POST /api/exam/save and POST /api/exam/event (docs/decisions/010, 011, 027):
 * what the exam page sends and what the server answers. Imported by the server's endpoint
 * (server/endpoints/exam-save.ts) and by the page (app/components/exam/use-exam-saver.ts,
 * exam-runner.tsx), so a change on one side is a type error on the other; the server's zod schemas
 * (app/modules/exams/save-input.ts) are checked against these types. Browser-safe: types only.
 * Answers are in ORIGINAL option indices (app/modules/exams/types.ts RawAnswer).
 */
import type { EndpointErrorCode, JsonError, TransportErrorCode } from "./json-errors";
import type { RawAnswer } from "~/modules/exams/types";

export type { RawAnswer };

export interface SaveItem {
  slotNo: number;
  seq: number;
  /** null: the answer was cleared */
  answer: RawAnswer | null;
  flagged: boolean;
  /** when the change was made, ms since the epoch in the server's clock as the page knows it */
  changedAt?: number;
}

/** No saves at all is a ping: it answers the deadline and the server time. */
export interface SaveRequest {
  attemptId: number;
  saves: SaveItem[];
}

export interface SaveItemResult {
  slotNo: number;
  seq: number;
  /** false: stale or duplicate seq, or received late (the server already had this or something newer) */
  stored: boolean;
  /** the highest seq the server held for the slot before this request */
  lastSeq: number;
}

/** 200 */
export interface SaveOk {
  ok: true;
  results: SaveItemResult[];
  /** ISO time */
  deadlineAt: string;
  /** ISO time: the server's clock when it answered */
  serverNow: string;
}

/** 409: the attempt is over (submitted, or past deadline + grace); nothing more is stored. */
export interface SaveClosed extends JsonError<"closed"> {
  deadlineAt?: string;
  serverNow: string;
}
/** 429: more saves per second than any page sends; keep them and retry after a pause. */
export interface SaveTooFast extends JsonError<"tooFast"> {
  serverNow: string;
}
/** 422: the attempt's or a slot's changes are at their cap; these will never be stored. */
export interface SaveStepLimit extends JsonError<"stepLimit"> {
  serverNow: string;
}

export type SaveErrorCode = "closed" | "tooFast" | "stepLimit" | EndpointErrorCode | TransportErrorCode;
export type SaveResponse = SaveOk | SaveClosed | SaveTooFast | SaveStepLimit | JsonError<EndpointErrorCode | TransportErrorCode>;

export const EXAM_EVENT_KINDS = ["hidden", "blur", "visible"] as const;
export type ExamEventKind = (typeof EXAM_EVENT_KINDS)[number];

/** POST /api/exam/event: the page left or came back (logged for the proctor). */
export interface EventRequest {
  attemptId: number;
  kind: ExamEventKind;
}
export type EventResponse = { ok: true; logged: boolean } | JsonError<EndpointErrorCode | TransportErrorCode>;

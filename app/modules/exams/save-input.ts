import { z } from "zod";
import { isQuestionType } from "../question-bank/question";
import type { SlotShape } from "../question-bank/types/definition";
import { anyDefinition, rawAnswerSchema } from "../question-bank/types/registry";
import type { RawAnswer } from "./types";
import { EXAM_EVENT_KINDS, type EventRequest, type SaveItem, type SaveRequest } from "~/contracts/exam-save";
import type { Same } from "~/contracts/type-equality";

export { rawAnswerSchema };
export type { SlotShape };

/**
 * What the exam page sends (pure: the zod schemas of the save and event endpoints, and the check
 * that an answer fits its slot). Answers are in ORIGINAL option indices (see types.ts RawAnswer).
 */

export const MAX_SAVES_PER_REQUEST = 50;
export { MAX_SHORT_ANSWER_LENGTH } from "../question-bank/types/short";
export { MAX_BLANKS } from "../question-bank/types/fill";

/*
 * Caps on what one attempt may store (issue 8, item 7). Generous for an honest candidate — the
 * page coalesces a slot's changes (typing a sentence is one save every ~0.8 s), so even changing
 * every answer 50 times stays far below them — and bounded for the database.
 */
/** answer steps one slot may store */
export const MAX_STEPS_PER_SLOT = 200;
/** answer steps one attempt may store: 100 per slot on average, at least 1,000 */
export function maxStepsPerAttempt(slotCount: number): number {
  return Math.max(1000, slotCount * 100);
}
/** saves one attempt may send: a burst of this many (at least one per slot, for a replay after going offline)… */
export const SAVE_BURST = 120;
/** …refilled at this many per second (the page sends at most about one per 0.8 s per slot typed in) */
export const SAVES_PER_SECOND = 2;

/** A token bucket of saves per attempt (pure: the caller keeps it and passes the clock). */
export interface SaveBucket {
  tokens: number;
  atMs: number;
}

/** Takes `count` saves from the bucket; false (the bucket unchanged) when there are not enough. */
export function takeSaves(bucket: SaveBucket, count: number, nowMs: number, burst = SAVE_BURST): boolean {
  const elapsed = Math.max(0, nowMs - bucket.atMs);
  const tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * SAVES_PER_SECOND);
  bucket.atMs = Math.max(bucket.atMs, nowMs);
  bucket.tokens = tokens;
  if (tokens < count) return false;
  bucket.tokens = tokens - count;
  return true;
}

/** ms since the epoch: the page's record of when the change was made (server clock as it knows it) */
const MAX_TIME_MS = 8_640_000_000_000_000;

export const saveItemSchema = z.object({
  slotNo: z.number().int().min(1).max(10_000),
  seq: z.number().int().min(1).max(2_147_483_647),
  answer: rawAnswerSchema.nullable(),
  flagged: z.boolean(),
  changedAt: z.number().int().min(0).max(MAX_TIME_MS).optional(),
});
export type { SaveItem, SaveRequest, EventRequest };

/** POST /api/exam/save. No saves at all is a ping: it answers the deadline and the server time. */
export const saveRequestSchema = z.object({
  attemptId: z.number().int().positive().max(2_147_483_647),
  saves: z.array(saveItemSchema).max(MAX_SAVES_PER_REQUEST),
});

export const EVENT_KINDS = EXAM_EVENT_KINDS;
export const eventRequestSchema = z.object({
  attemptId: z.number().int().positive().max(2_147_483_647),
  kind: z.enum(EVENT_KINDS),
});

// What the schemas take is the wire contract (app/contracts/exam-save.ts), exactly: a change on
// either side without the other is a type error here.
const saveItemMatchesContract: Same<z.infer<typeof saveItemSchema>, SaveItem> = true;
const saveRequestMatchesContract: Same<z.infer<typeof saveRequestSchema>, SaveRequest> = true;
const eventRequestMatchesContract: Same<z.infer<typeof eventRequestSchema>, EventRequest> = true;
void [saveItemMatchesContract, saveRequestMatchesContract, eventRequestMatchesContract];

/**
 * POST /api/exam/save's body, checked: what `saveRequestSchema.safeParse` gives (the same output
 * when valid, null when not), with the usual well-formed request checked by hand first — zod's
 * generic walk costs more CPU than the rest of a save's work in the server. Anything the hand check
 * does not recognise as certainly valid goes to zod, which has the last word.
 */
export function parseSaveRequest(body: unknown): SaveRequest | null {
  const quick = quickSaveRequest(body);
  if (quick) return quick;
  const parsed = saveRequestSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** POST /api/exam/event's body, checked (the same as `eventRequestSchema.safeParse`). */
export function parseEventRequest(body: unknown): EventRequest | null {
  if (isRecord(body) && isIntIn(body.attemptId, 1, 2_147_483_647) && (EVENT_KINDS as readonly unknown[]).includes(body.kind)) {
    return { attemptId: body.attemptId, kind: body.kind as EventRequest["kind"] };
  }
  const parsed = eventRequestSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** The hand check: a valid request rebuilt (unknown keys dropped, as zod does), or null when unsure. */
export function quickSaveRequest(body: unknown): SaveRequest | null {
  if (!isRecord(body) || !isIntIn(body.attemptId, 1, 2_147_483_647)) return null;
  const list = body.saves;
  if (!Array.isArray(list) || list.length > MAX_SAVES_PER_REQUEST) return null;
  const saves: SaveItem[] = [];
  for (const item of list) {
    if (!isRecord(item) || !isIntIn(item.slotNo, 1, 10_000) || !isIntIn(item.seq, 1, 2_147_483_647) || typeof item.flagged !== "boolean")
      return null;
    const answer = item.answer === null ? null : quickAnswer(item.answer);
    if (answer === undefined) return null;
    if (item.changedAt !== undefined && !isIntIn(item.changedAt, 0, MAX_TIME_MS)) return null;
    saves.push(
      item.changedAt === undefined
        ? { slotNo: item.slotNo, seq: item.seq, answer, flagged: item.flagged }
        : { slotNo: item.slotNo, seq: item.seq, answer, flagged: item.flagged, changedAt: item.changedAt },
    );
  }
  return { attemptId: body.attemptId, saves };
}

function quickAnswer(value: unknown): RawAnswer | undefined {
  if (!isRecord(value) || !isQuestionType(value.type)) return undefined;
  return anyDefinition(value.type).quickParse(value);
}

/** Whether an answer is of the slot's type and within what the slot shows (the type decides). `null` (cleared) always fits. */
export function answerFits(answer: RawAnswer | null, slot: SlotShape): boolean {
  if (answer === null) return true;
  if (answer.type !== slot.type) return false;
  return anyDefinition(answer.type).fits(answer, slot);
}

export { isUnanswered } from "./answer-state";

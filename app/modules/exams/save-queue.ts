import type { RawAnswer } from "./types";

/**
 * The exam page's queue of answer saves (pure: no browser, no clock; `now` is a parameter).
 *
 * Every change of a slot (an answer or its review flag) gets the slot's next sequence number at
 * once, so the order of changes is fixed when they happen, not when they reach the server. Only
 * the newest change of a slot is worth sending (the server keeps the step with the highest seq),
 * so a newer change replaces an unsent older one (coalescing: typing a sentence is one save, not
 * one per keystroke). A change waits `debounceMs` before it is due, and replacing it does not
 * postpone it (continuous typing is saved about every `debounceMs`); submitting sends everything
 * at once. A batch is in flight until the server answers; a failed batch goes back to the front of
 * the queue unless a newer change of the same slot is already waiting. The whole state serialises
 * to localStorage, so answers given offline survive a reload and are replayed in order.
 */

export interface QueuedSave {
  slotNo: number;
  seq: number;
  answer: RawAnswer | null;
  flagged: boolean;
  /** when the save becomes due (ms since the epoch, client clock) */
  dueAt: number;
  /**
   * when the change was made (ms since the epoch, client clock; the page adds its server clock
   * offset when sending): a save that reaches the server after the deadline counts only if this
   * was before it (decision 010)
   */
  changedAt?: number;
}

export interface SaveQueue {
  /** the highest seq used (or seen stored) per slot */
  lastSeq: Record<number, number>;
  /** changes not yet sent, oldest first; at most one per slot */
  pending: QueuedSave[];
  /** the batch sent and not yet answered */
  inFlight: QueuedSave[];
}

/** What the server answers for one save of a batch. */
export interface SaveResult {
  slotNo: number;
  seq: number;
  /** false: stale or duplicate seq, the server already had this or something newer */
  stored: boolean;
  /** the highest seq the server held for the slot before this batch, when it says */
  lastSeq?: number;
}

export const MAX_BATCH = 50;
export const DEFAULT_DEBOUNCE_MS = 800;

export function createQueue(lastSeq: Record<number, number> = {}): SaveQueue {
  return { lastSeq: { ...lastSeq }, pending: [], inFlight: [] };
}

/** Records a change of a slot: it takes the slot's next seq and replaces an unsent older change. */
export function recordChange(
  queue: SaveQueue,
  change: { slotNo: number; answer: RawAnswer | null; flagged: boolean },
  now: number,
  debounceMs = DEFAULT_DEBOUNCE_MS,
): SaveQueue {
  const seq = (queue.lastSeq[change.slotNo] ?? 0) + 1;
  // Typing on and on must not postpone the save forever: a replaced change keeps its due time.
  const waiting = queue.pending.find((p) => p.slotNo === change.slotNo);
  const dueAt = waiting ? Math.min(waiting.dueAt, now + debounceMs) : now + debounceMs;
  return {
    lastSeq: { ...queue.lastSeq, [change.slotNo]: seq },
    pending: [...queue.pending.filter((p) => p.slotNo !== change.slotNo), { ...change, seq, dueAt, changedAt: now }],
    inFlight: queue.inFlight,
  };
}

/**
 * The saves to send now: nothing while a batch is in flight (so batches reach the server in
 * order); else the due ones (all of them when `force`), oldest first, at most `max`.
 */
export function nextBatch(queue: SaveQueue, now: number, options: { force?: boolean; max?: number } = {}): QueuedSave[] {
  if (queue.inFlight.length) return [];
  const due = options.force ? queue.pending : queue.pending.filter((p) => p.dueAt <= now);
  return due.slice(0, options.max ?? MAX_BATCH);
}

/** Marks a batch (from nextBatch) as sent. */
export function markSent(queue: SaveQueue, batch: readonly QueuedSave[]): SaveQueue {
  const sent = new Set(batch.map(key));
  return { lastSeq: queue.lastSeq, pending: queue.pending.filter((p) => !sent.has(key(p))), inFlight: [...queue.inFlight, ...batch] };
}

/**
 * The server answered the batch in flight. Stored or not (a stale or duplicated seq answers 2xx
 * with stored: false: the server holds that change or a newer one), the saves are done. When the
 * server reports a higher seq for a slot (another tab or device saved it), later changes of this
 * page continue above it, so they are not refused as stale.
 */
export function acknowledge(queue: SaveQueue, results: readonly SaveResult[]): SaveQueue {
  const lastSeq = { ...queue.lastSeq };
  const onServer = new Map<number, number>();
  const answered = new Set<string>();
  for (const r of results) {
    answered.add(key(r));
    const known = Math.max(r.lastSeq ?? 0, r.stored ? r.seq : 0, onServer.get(r.slotNo) ?? 0);
    onServer.set(r.slotNo, known);
    if (known > (lastSeq[r.slotNo] ?? 0)) lastSeq[r.slotNo] = known;
  }
  // A waiting change numbered at or below a seq another writer already stored would be refused as
  // stale: renumber it above (it is this page's newest intent for the slot).
  const pending = queue.pending.map((p) => {
    if (p.seq > (onServer.get(p.slotNo) ?? 0)) return p;
    const seq = (lastSeq[p.slotNo] ?? 0) + 1;
    lastSeq[p.slotNo] = seq;
    return { ...p, seq };
  });
  return { lastSeq, pending, inFlight: queue.inFlight.filter((s) => !answered.has(key(s))) };
}

/**
 * Sending failed (offline, server unreachable, 5xx): the batch goes back to the front of the
 * queue, due at once, except saves already superseded by a newer waiting change of their slot.
 */
export function sendFailed(queue: SaveQueue, now: number): SaveQueue {
  const waiting = new Set(queue.pending.map((p) => p.slotNo));
  const back = queue.inFlight.filter((s) => !waiting.has(s.slotNo)).map((s) => ({ ...s, dueAt: Math.min(s.dueAt, now) }));
  return { lastSeq: queue.lastSeq, pending: [...back, ...queue.pending], inFlight: [] };
}

export function hasUnsent(queue: SaveQueue): boolean {
  return queue.pending.length > 0 || queue.inFlight.length > 0;
}

/** When the next waiting save becomes due (undefined: nothing waits). */
export function nextDueAt(queue: SaveQueue): number | undefined {
  let earliest: number | undefined;
  for (const p of queue.pending) if (earliest === undefined || p.dueAt < earliest) earliest = p.dueAt;
  return earliest;
}

/** The delay before retry number `failures` (1, 2, 4 ... seconds, at most 30), with up to 20 % jitter from `random` in [0, 1). */
export function backoffMs(failures: number, random = 0): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(failures - 1, 15)));
  return Math.round(base * (1 + 0.2 * random));
}

/** The queue as stored in localStorage (in-flight saves count as unsent: their answer never came). */
export function serializeQueue(queue: SaveQueue): string {
  const unsent = [...queue.inFlight.filter((s) => !queue.pending.some((p) => p.slotNo === s.slotNo)), ...queue.pending];
  return JSON.stringify({ v: 1, lastSeq: queue.lastSeq, pending: unsent.map(({ dueAt: _dueAt, ...s }) => s) });
}

/**
 * The queue after a reload: what was stored locally, merged with what the server has. A stored save
 * the server already holds (its seq is not above the server's) is dropped; the rest are due at once.
 * Anything unreadable is ignored (the server's answers stand).
 */
export function restoreQueue(stored: string | null, serverLastSeq: Record<number, number>, now: number): SaveQueue {
  const queue = createQueue(serverLastSeq);
  if (!stored) return queue;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return queue;
  }
  if (!isRecord(parsed) || parsed.v !== 1 || !isRecord(parsed.lastSeq) || !Array.isArray(parsed.pending)) return queue;
  for (const [slot, seq] of Object.entries(parsed.lastSeq)) {
    const slotNo = Number(slot);
    if (Number.isInteger(slotNo) && typeof seq === "number" && Number.isInteger(seq) && seq > (queue.lastSeq[slotNo] ?? 0))
      queue.lastSeq[slotNo] = seq;
  }
  // One save per slot, the newest; the order is that of the stored queue.
  const bySlot = new Map<number, QueuedSave>();
  for (const item of parsed.pending) {
    if (!isRecord(item) || !Number.isInteger(item.slotNo) || !Number.isInteger(item.seq) || typeof item.flagged !== "boolean") continue;
    const save: QueuedSave = {
      slotNo: item.slotNo as number,
      seq: item.seq as number,
      answer: (item.answer ?? null) as RawAnswer | null,
      flagged: item.flagged,
      dueAt: now,
    };
    if (Number.isInteger(item.changedAt)) save.changedAt = item.changedAt as number;
    if (save.seq <= (serverLastSeq[save.slotNo] ?? 0)) continue;
    const other = bySlot.get(save.slotNo);
    if (other && other.seq >= save.seq) continue;
    bySlot.delete(save.slotNo);
    bySlot.set(save.slotNo, save);
  }
  queue.pending = [...bySlot.values()];
  for (const p of queue.pending) if (p.seq > (queue.lastSeq[p.slotNo] ?? 0)) queue.lastSeq[p.slotNo] = p.seq;
  return queue;
}

/** The answers to show: the server's, overlaid by every unsent local change (they are newer). */
export function overlayUnsent<T extends { answer: RawAnswer | null; flagged: boolean }>(
  answers: Record<number, T>,
  queue: SaveQueue,
): Record<number, T> {
  const result = { ...answers };
  for (const s of [...queue.inFlight, ...queue.pending]) {
    const current = result[s.slotNo];
    result[s.slotNo] = { ...(current ?? ({} as T)), answer: s.answer, flagged: s.flagged };
  }
  return result;
}

function key(s: { slotNo: number; seq: number }): string {
  return `${s.slotNo}:${s.seq}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

import { describe, expect, it } from "vitest";
import {
  acknowledge,
  backoffMs,
  createQueue,
  hasUnsent,
  markSent,
  nextBatch,
  nextDueAt,
  overlayUnsent,
  recordChange,
  restoreQueue,
  sendFailed,
  serializeQueue,
  type SaveQueue,
} from "./save-queue";

const single = (choice: number) => ({ type: "single" as const, choice });
const text = (t: string) => ({ type: "short" as const, text: t });

function change(queue: SaveQueue, slotNo: number, answer: Parameters<typeof recordChange>[1]["answer"], now: number, flagged = false) {
  return recordChange(queue, { slotNo, answer, flagged }, now, 800);
}

describe("save queue", () => {
  it("numbers each change of a slot above the last seq the server reported", () => {
    let q = createQueue({ 1: 4 });
    q = change(q, 1, single(2), 0);
    q = change(q, 2, single(0), 0);
    expect(q.pending.map((p) => [p.slotNo, p.seq])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    expect(q.lastSeq).toEqual({ 1: 5, 2: 1 });
  });

  it("coalesces changes of one slot into its newest (seq keeps rising), keeping other slots' order", () => {
    let q = createQueue();
    q = change(q, 3, text("党"), 0);
    q = change(q, 5, single(1), 10);
    q = change(q, 3, text("党的"), 20);
    q = change(q, 3, text("党的建设"), 30);
    expect(q.pending.map((p) => [p.slotNo, p.seq, p.answer, p.dueAt])).toEqual([
      [5, 1, single(1), 810],
      [3, 3, text("党的建设"), 800], // still due when the first keystroke's save was
    ]);
  });

  it("debounces: a change is due 800 ms after it was made; force sends everything", () => {
    let q = createQueue();
    q = change(q, 1, single(0), 1000);
    q = change(q, 2, single(1), 1500);
    expect(nextBatch(q, 1799)).toEqual([]);
    expect(nextBatch(q, 1800).map((s) => s.slotNo)).toEqual([1]);
    expect(nextBatch(q, 1800, { force: true }).map((s) => s.slotNo)).toEqual([1, 2]);
    expect(nextDueAt(q)).toBe(1800);
    expect(nextDueAt(createQueue())).toBeUndefined();
  });

  it("sends one batch at a time, at most 50 saves, oldest first", () => {
    let q = createQueue();
    for (let slot = 1; slot <= 60; slot++) q = change(q, slot, single(0), 0);
    const first = nextBatch(q, 1000);
    expect(first).toHaveLength(50);
    expect(first[0].slotNo).toBe(1);
    q = markSent(q, first);
    expect(nextBatch(q, 1000)).toEqual([]); // in flight: the next batch waits for the answer
    q = acknowledge(
      q,
      first.map((s) => ({ slotNo: s.slotNo, seq: s.seq, stored: true })),
    );
    const second = nextBatch(q, 1000);
    expect(second.map((s) => s.slotNo)).toEqual(Array.from({ length: 10 }, (_, i) => 51 + i));
    q = acknowledge(
      markSent(q, second),
      second.map((s) => ({ slotNo: s.slotNo, seq: s.seq, stored: false })),
    );
    expect(hasUnsent(q)).toBe(false);
  });

  it("a change made while its slot's previous save is in flight is sent after it", () => {
    let q = change(createQueue(), 1, single(0), 0);
    const batch = nextBatch(q, 800);
    q = markSent(q, batch);
    q = change(q, 1, single(3), 900);
    expect(q.inFlight.map((s) => s.seq)).toEqual([1]);
    expect(q.pending.map((s) => s.seq)).toEqual([2]);
    q = acknowledge(q, [{ slotNo: 1, seq: 1, stored: true }]);
    expect(nextBatch(q, 1700).map((s) => [s.slotNo, s.seq, s.answer])).toEqual([[1, 2, single(3)]]);
  });

  it("a failed batch returns to the front, due at once, unless superseded by a newer change", () => {
    let q = createQueue();
    q = change(q, 1, single(0), 0);
    q = change(q, 2, single(1), 0);
    q = markSent(q, nextBatch(q, 800));
    q = change(q, 2, single(2), 900);
    q = change(q, 4, single(3), 900);
    q = sendFailed(q, 1000);
    expect(q.inFlight).toEqual([]);
    expect(q.pending.map((p) => [p.slotNo, p.seq])).toEqual([
      [1, 1],
      [2, 2],
      [4, 1],
    ]);
    expect(nextBatch(q, 1000).map((p) => p.slotNo)).toEqual([1]);
  });

  it("continues above a seq another tab stored, renumbering waiting changes", () => {
    let q = change(createQueue({ 7: 2 }), 7, single(1), 0); // seq 3
    q = markSent(q, nextBatch(q, 800));
    q = change(q, 7, single(2), 850); // seq 4, waiting
    // The other tab had already stored seqs 3..6 for slot 7.
    q = acknowledge(q, [{ slotNo: 7, seq: 3, stored: false, lastSeq: 6 }]);
    expect(q.pending.map((p) => p.seq)).toEqual([7]);
    expect(q.lastSeq[7]).toBe(7);
    q = change(q, 7, single(0), 900);
    expect(q.pending.map((p) => p.seq)).toEqual([8]);
  });

  it("backs off 1, 2, 4 ... seconds up to 30 s with bounded jitter", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffMs(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffMs(2, 0.999)).toBeLessThanOrEqual(2400);
  });

  it("survives a reload: unsent saves (in flight included) replay in order, stale ones dropped", () => {
    let q = createQueue({ 1: 1 });
    q = change(q, 1, single(2), 0); // seq 2
    q = change(q, 2, text("离线作答"), 0); // seq 1
    q = markSent(q, nextBatch(q, 800, { max: 1 })); // slot 1 in flight, its answer never came
    q = change(q, 3, single(0), 900, true); // seq 1, flagged
    const stored = serializeQueue(q);
    // Meanwhile the server got slot 3's save (from this page's last request before the reload).
    const restored = restoreQueue(stored, { 1: 1, 3: 1 }, 5000);
    expect(restored.pending.map((p) => [p.slotNo, p.seq, p.dueAt])).toEqual([
      [1, 2, 5000],
      [2, 1, 5000],
    ]);
    expect(restored.lastSeq).toEqual({ 1: 2, 2: 1, 3: 1 });
    expect(change(restored, 2, text("再改"), 6000).pending.at(-1)?.seq).toBe(2);
  });

  it("restores nothing from garbage and keeps the server's seqs", () => {
    for (const junk of [null, "", "{", "[]", JSON.stringify({ v: 2 }), JSON.stringify({ v: 1, lastSeq: {}, pending: [{ slotNo: "x" }] })]) {
      const q = restoreQueue(junk, { 4: 9 }, 0);
      expect(q).toEqual({ lastSeq: { 4: 9 }, pending: [], inFlight: [] });
    }
  });

  it("overlays unsent answers on the server's", () => {
    let q = change(createQueue({ 1: 3 }), 1, single(1), 0, true);
    q = change(q, 2, null, 0);
    const shown = overlayUnsent({ 1: { answer: single(0), flagged: false, seq: 3 }, 2: { answer: single(2), flagged: false, seq: 0 } }, q);
    expect(shown[1]).toEqual({ answer: single(1), flagged: true, seq: 3 });
    expect(shown[2].answer).toBeNull();
  });
});

describe("the time of each change (decision 010: late saves count only if changed before the deadline)", () => {
  it("is recorded with the change, follows the newest coalesced change, and survives a reload", async () => {
    const { createQueue, recordChange, serializeQueue, restoreQueue } = await import("./save-queue");
    let q = createQueue();
    q = recordChange(q, { slotNo: 1, answer: { type: "short", text: "一" }, flagged: false }, 1_000);
    expect(q.pending[0]).toMatchObject({ seq: 1, changedAt: 1_000, dueAt: 1_800 });
    q = recordChange(q, { slotNo: 1, answer: { type: "short", text: "一二" }, flagged: false }, 1_500);
    expect(q.pending[0]).toMatchObject({ seq: 2, changedAt: 1_500, dueAt: 1_800 });
    const restored = restoreQueue(serializeQueue(q), {}, 9_000);
    expect(restored.pending[0]).toMatchObject({ seq: 2, changedAt: 1_500, dueAt: 9_000 });
  });
});

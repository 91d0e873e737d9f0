import { describe, expect, it } from "vitest";
import { createGroupCommit, type BatchRule } from "./group-commit";

/** A runner that records its batches and answers each job doubled; jobs < 0 make a batch fail. */
function recorder(options: { gate?: boolean } = {}) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (jobs: readonly number[]) => {
    batches.push([...jobs]);
    if (options.gate) await new Promise<void>((resolve) => gates.push(resolve));
    if (jobs.some((j) => j < 0)) throw new Error(`bad job in [${jobs.join(",")}]`);
    return jobs.map((j) => j * 2);
  };
  return { batches, run, open: () => gates.splice(0).forEach((g) => g()) };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Turns of the event loop until the condition holds (at most 20). */
async function until(condition: () => boolean) {
  for (let i = 0; i < 20 && !condition(); i++) await tick();
}

describe("group commit", () => {
  it("writes the jobs of one turn as one batch, and answers each caller its own result", async () => {
    const r = recorder();
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 100 }, run: r.run, maxInFlight: 3 });
    const answers = await Promise.all([1, 2, 3, 4].map((j) => gc.submit(j)));
    expect(answers).toEqual([2, 4, 6, 8]);
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
    expect(gc.stats).toEqual({ batches: 1, jobs: 4, splits: 0 });
  });

  it("sends a full batch at once, without waiting for the next turn", async () => {
    const r = recorder();
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 3 }, run: r.run, maxInFlight: 3 });
    const answers = [1, 2, 3, 4].map((j) => gc.submit(j));
    // synchronously, the first three went out as soon as they filled a batch
    expect(r.batches).toEqual([[1, 2, 3]]);
    await tick();
    expect(r.batches).toEqual([[1, 2, 3], [4]]);
    expect(await Promise.all(answers)).toEqual([2, 4, 6, 8]);
  });

  it("keeps at most maxInFlight batches running; what arrives meanwhile waits and goes together", async () => {
    const r = recorder({ gate: true });
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 100 }, run: r.run, maxInFlight: 1 });
    const first = gc.submit(1);
    await tick();
    expect(r.batches).toEqual([[1]]);
    const later = [2, 3, 4].map((j) => gc.submit(j));
    await tick();
    await tick();
    expect(r.batches).toHaveLength(1);
    expect(gc.pending()).toEqual({ queued: 3, inFlight: 1 });
    r.open();
    expect(await first).toBe(2);
    await until(() => r.batches.length === 2);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.open();
    expect(await Promise.all(later)).toEqual([4, 6, 8]);
  });

  it("applies the rule: weight cap, one job per key, none of a key still being written", async () => {
    type Job = { key: string; rows: number; n: number };
    const batches: string[][] = [];
    const gates: (() => void)[] = [];
    const rule: BatchRule<Job> = { maxJobs: 10, maxWeight: 5, weight: (j) => j.rows, key: (j) => j.key };
    const gc = createGroupCommit<Job, number>({
      rule,
      maxInFlight: 3,
      run: async (jobs) => {
        batches.push(jobs.map((j) => `${j.key}${j.n}`));
        await new Promise<void>((resolve) => gates.push(resolve));
        return jobs.map((j) => j.n);
      },
    });
    const all = [
      gc.submit({ key: "a", rows: 2, n: 1 }),
      gc.submit({ key: "a", rows: 1, n: 2 }), // same key: waits for a1
      gc.submit({ key: "b", rows: 2, n: 1 }),
      gc.submit({ key: "c", rows: 2, n: 1 }), // over the weight cap of the first batch
    ];
    await tick();
    // first batch a1 b1 (weight 4), second c1 (a2 must wait: a1 is running)
    expect(batches).toEqual([["a1", "b1"], ["c1"]]);
    gates.splice(0).forEach((g) => g());
    await until(() => batches.length === 3);
    expect(batches).toEqual([["a1", "b1"], ["c1"], ["a2"]]);
    gates.splice(0).forEach((g) => g());
    expect(await Promise.all(all)).toEqual([1, 2, 1, 1]);
  });

  it("a batch's first job always fits, however heavy", async () => {
    const r = recorder();
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 10, maxWeight: 5, weight: (j) => j }, run: r.run, maxInFlight: 1 });
    expect(await Promise.all([9, 1].map((j) => gc.submit(j)))).toEqual([18, 2]);
    expect(r.batches).toEqual([[9], [1]]);
  });

  it("a failing job gets its error; every other caller of its batch gets its result", async () => {
    const r = recorder();
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 100 }, run: r.run, maxInFlight: 3 });
    const jobs = [1, 2, 3, -4, 5, 6, 7, 8];
    const settled = await Promise.allSettled(jobs.map((j) => gc.submit(j)));
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(settled.filter((s) => s.status === "fulfilled").map((s) => (s as PromiseFulfilledResult<number>).value)).toEqual([
      2, 4, 6, 10, 12, 14, 16,
    ]);
    expect(String((settled[3] as PromiseRejectedResult).reason)).toContain("bad job in [-4]");
    // 8 → 4 + 4 → the bad half 2 + 2 → 1 + 1: three splits, log2(8) deep
    expect(gc.stats.splits).toBe(3);
    expect(r.batches[0]).toEqual(jobs);
  });

  it("two bad jobs in one batch: only those two fail", async () => {
    const r = recorder();
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 100 }, run: r.run, maxInFlight: 3 });
    const settled = await Promise.allSettled([-1, 2, 3, 4, 5, -6, 7].map((j) => gc.submit(j)));
    expect(settled.map((s) => s.status === "rejected")).toEqual([true, false, false, false, false, true, false]);
  });

  it("onError may settle the whole batch: answer every caller, or reject every caller", async () => {
    const r = recorder();
    const answering = createGroupCommit<number, number | null>({
      rule: { maxJobs: 100 },
      run: r.run,
      maxInFlight: 3,
      onError: () => ({ resolve: null }),
    });
    expect(await Promise.all([1, -2, 3].map((j) => answering.submit(j)))).toEqual([null, null, null]);
    expect(answering.stats.splits).toBe(0);
    const rejecting = createGroupCommit<number, number>({
      rule: { maxJobs: 100 },
      run: r.run,
      maxInFlight: 3,
      onError: () => ({ reject: new Error("database gone") }),
    });
    const settled = await Promise.allSettled([1, -2].map((j) => rejecting.submit(j)));
    expect(settled.map((s) => s.status === "rejected" && String(s.reason))).toEqual(["Error: database gone", "Error: database gone"]);
  });

  it("a runner answering the wrong number of results fails its callers instead of mixing up answers", async () => {
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 100 }, maxInFlight: 1, run: async (jobs) => jobs.slice(1) });
    const settled = await Promise.allSettled([1, 2].map((j) => gc.submit(j)));
    // split down to single jobs, each of which the runner still answers with nothing
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
  });

  it("flush sends at once; drain resolves once nothing is queued or running", async () => {
    const r = recorder({ gate: true });
    const gc = createGroupCommit<number, number>({ rule: { maxJobs: 2 }, run: r.run, maxInFlight: 1 });
    const all = [1, 2, 3].map((j) => gc.submit(j));
    gc.flush();
    expect(r.batches).toEqual([[1, 2]]);
    let drained = false;
    const drain = gc.drain().then(() => {
      drained = true;
    });
    r.open();
    await until(() => r.batches.length === 2);
    expect(drained).toBe(false);
    expect(r.batches).toEqual([[1, 2], [3]]);
    r.open();
    await drain;
    expect(drained).toBe(true);
    expect(await Promise.all(all)).toEqual([2, 4, 6]);
    await gc.drain(); // idle: at once
  });
});

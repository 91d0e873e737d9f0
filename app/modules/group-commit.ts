/**
 * Group commit (DESIGN §5; docs/decisions/008, 010, 011): callers hand in jobs one at a time, and
 * the jobs that arrive while earlier batches are being written are written together by ONE call of
 * the runner; each caller is answered only once that call has settled. Shared by the answer-save
 * writer (app/modules/exams/save-writer.server.ts) and the study-beat writer
 * (app/modules/hours/beat-writer.server.ts); pure of I/O itself — the runner does it.
 *
 * When a batch is sent:
 * - on the next turn of the event loop after a job arrives (every job of this turn joins it), with
 *   fewer than `maxInFlight` batches running — nothing waits for a timer, so a lone job is not
 *   delayed and the batch grows with the load;
 * - at once, when the jobs waiting fill a batch (`rule.maxJobs`) and a slot is free;
 * - when a running batch settles, if jobs are waiting;
 * - on `flush()` / `drain()` (graceful shutdown).
 *
 * What goes together is the batching rule: at most `maxJobs` jobs and `maxWeight` weight (a batch's
 * first job always fits), and with `key`, at most one job per key in a batch and none of a key
 * whose earlier job is still being written (one key's jobs are run one after another, in arrival
 * order); jobs left out keep their place in the queue.
 *
 * When the runner throws, no caller's fate is decided by another's: by default the batch is split
 * in halves and each half run again, down to single jobs, so only a job that fails on its own gets
 * the error (one bad job among n costs about 2·log2 n more runs; the runner must be atomic — a
 * failed run wrote nothing). `onError` may instead settle the whole batch (reject every caller, or
 * answer every caller with one value).
 */

export interface BatchRule<J> {
  /** most jobs in one batch */
  maxJobs: number;
  /** most total weight in one batch (with `weight`); a batch's first job always fits */
  maxWeight?: number;
  weight?: (job: J) => number;
  /** at most one job per key in a batch, and none of a key with a job in a running batch */
  key?: (job: J) => unknown;
}

/** What to do with a whole failed batch: split it (default), reject every caller, or answer every caller. */
export type BatchFailure<R> = { split: true } | { reject: unknown } | { resolve: R };

export interface GroupCommitOptions<J, R> {
  /** the writer's name in the metrics (a fixed word: `exam_save`, `study_beat`) */
  name?: string;
  rule: BatchRule<J>;
  /** runs one batch; its answer has one entry per job, in the batch's order */
  run: (jobs: readonly J[]) => Promise<readonly R[]>;
  /** batches running at once */
  maxInFlight: number;
  onError?: (error: unknown, jobs: readonly J[]) => BatchFailure<R>;
}

export interface GroupCommitStats {
  /** runner calls (split halves included) */
  batches: number;
  /** jobs those calls carried */
  jobs: number;
  /** failed batches split in halves */
  splits: number;
}

/** One runner call, as the metrics see it (server/metrics.ts). */
export interface BatchObservation {
  name: string;
  /** jobs the call carried */
  jobs: number;
  /** how long the runner took */
  seconds: number;
  /** the runner threw (the batch is then split, or settled by `onError`) */
  failed: boolean;
}
export type BatchObserver = (batch: BatchObservation) => void;

/**
 * Who is told of every runner call: one for the process, on globalThis (the writers run in the
 * Express server's module graph and the Remix build's; the metrics live in the former).
 */
const OBSERVER = Symbol.for("hongfan.groupCommitObserver");
type ObserverHolder = { [OBSERVER]?: BatchObserver | null };

export function observeGroupCommits(observer: BatchObserver | null): void {
  (globalThis as ObserverHolder)[OBSERVER] = observer;
}

interface Pending<J, R> {
  job: J;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit<J, R> {
  /** Queues one job; resolves with its result once its batch has been written (or rejects with its own error). */
  submit(job: J): Promise<R>;
  /** Sends what is waiting now (as many batches as free slots allow) instead of on the next turn. */
  flush(): void;
  /** Resolves when nothing is waiting or running (what graceful shutdown awaits before closing the database). */
  drain(): Promise<void>;
  readonly stats: Readonly<GroupCommitStats>;
  /** jobs waiting, and batches running */
  pending(): { queued: number; inFlight: number };
}

export function createGroupCommit<J, R>(options: GroupCommitOptions<J, R>): GroupCommit<J, R> {
  const { rule, run, maxInFlight } = options;
  const name = options.name ?? "unnamed";
  const stats: GroupCommitStats = { batches: 0, jobs: 0, splits: 0 };
  let queue: Pending<J, R>[] = [];
  let inFlight = 0;
  let scheduled = false;
  /** keys with a job in a running batch */
  const busy = new Set<unknown>();
  let idleWaiters: (() => void)[] = [];

  const schedule = () => {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    // the rest of this turn's jobs join the batch
    setImmediate(() => {
      scheduled = false;
      flush();
    });
  };

  const settleIdle = () => {
    if (queue.length > 0 || inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** The oldest jobs the rule lets go together; the others keep their place. */
  const take = (): Pending<J, R>[] => {
    if (!rule.key && !rule.weight) return queue.splice(0, rule.maxJobs);
    const batch: Pending<J, R>[] = [];
    const rest: Pending<J, R>[] = [];
    const keys = new Set<unknown>();
    let weight = 0;
    for (const p of queue) {
      const w = rule.weight ? rule.weight(p.job) : 0;
      const fits = batch.length < rule.maxJobs && (batch.length === 0 || rule.maxWeight === undefined || weight + w <= rule.maxWeight);
      const k = rule.key ? rule.key(p.job) : undefined;
      if (fits && (!rule.key || (!keys.has(k) && !busy.has(k)))) {
        batch.push(p);
        if (rule.key) keys.add(k);
        weight += w;
      } else rest.push(p);
    }
    queue = rest;
    return batch;
  };

  const send = async (batch: Pending<J, R>[]): Promise<void> => {
    stats.batches++;
    stats.jobs += batch.length;
    let results: readonly R[];
    const started = performance.now();
    let ran = false;
    try {
      results = await run(batch.map((p) => p.job));
      ran = true;
      observe(batch.length, started, false);
      if (results.length !== batch.length)
        throw new Error(`group commit: the runner answered ${results.length} results for ${batch.length} jobs`);
    } catch (error) {
      if (!ran) observe(batch.length, started, true);
      const failure = options.onError?.(
        error,
        batch.map((p) => p.job),
      ) ?? { split: true };
      if ("resolve" in failure) return batch.forEach((p) => p.resolve(failure.resolve));
      if ("reject" in failure) return batch.forEach((p) => p.reject(failure.reject));
      if (batch.length === 1) return batch[0].reject(error);
      stats.splits++;
      const half = Math.ceil(batch.length / 2);
      await Promise.all([send(batch.slice(0, half)), send(batch.slice(half))]);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  };

  const observe = (jobs: number, started: number, failed: boolean) => {
    const observer = (globalThis as ObserverHolder)[OBSERVER];
    if (!observer) return;
    try {
      observer({ name, jobs, seconds: (performance.now() - started) / 1000, failed });
    } catch {
      // counting must never fail a write
    }
  };

  const flush = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      if (!batch.length) return;
      inFlight++;
      const keys = rule.key ? batch.map((p) => rule.key!(p.job)) : [];
      for (const k of keys) busy.add(k);
      void send(batch)
        .catch((error: unknown) => batch.forEach((p) => p.reject(error)))
        .finally(() => {
          for (const k of keys) busy.delete(k);
          inFlight--;
          schedule();
          settleIdle();
        });
    }
  };

  return {
    submit(job: J): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        if (queue.length >= rule.maxJobs && inFlight < maxInFlight) flush();
        else schedule();
      });
    },
    flush,
    drain(): Promise<void> {
      flush();
      if (queue.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stats,
    pending: () => ({ queued: queue.length, inFlight }),
  };
}

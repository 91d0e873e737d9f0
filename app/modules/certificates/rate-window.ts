/**
 * A fixed-window counter per key, in memory (pure apart from the Map it owns): at most `limit`
 * requests per key in each `windowMs`. Used for the public verification page, a read that must
 * stay cheap (a database write per lookup would halve its throughput); each app instance counts
 * on its own, so N instances allow N × limit. The map is bounded: when it is full, windows that
 * have ended are dropped, and if none has, the oldest key goes.
 */
export interface RateWindowPolicy {
  limit: number;
  windowMs: number;
  maxKeys: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export class RateWindow {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  constructor(readonly policy: RateWindowPolicy) {}

  take(key: string, now: number): RateDecision {
    const { limit, windowMs } = this.policy;
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= windowMs) {
      if (!w) this.makeRoom(now);
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { allowed: false, retryAfterMs: w.startedAt + windowMs - now };
    w.count++;
    return { allowed: true, remaining: limit - w.count };
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.policy.maxKeys) return;
    for (const [key, w] of this.windows) if (now - w.startedAt >= this.policy.windowMs) this.windows.delete(key);
    if (this.windows.size >= this.policy.maxKeys) this.windows.delete(this.windows.keys().next().value!);
  }
}

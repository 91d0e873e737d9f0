/**
 * `npm run bench:cache` — what a hit costs in the cache helper (app/modules/cache/cache.ts, decision
 * 028) next to the hand-rolled store it replaced for sessions (a Map lookup, a timestamp compare and
 * the delete + set that keeps the least-recently-used order), in this process, no database. Prints
 * nanoseconds per lookup (median of BENCH_RUNS runs of BENCH_LOOKUPS lookups over BENCH_KEYS keys);
 * asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { TtlCache } from "../app/modules/cache/cache";
import { fmtLoad, percentile } from "./support/stats";

const KEYS = Number(process.env.BENCH_KEYS ?? 20_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

type Entry = { userId: number; cachedAt: number; freshUntil: number };
const keys = Array.from({ length: KEYS }, (_, i) => `session-${i.toString(36).padStart(8, "0")}-${(i * 7919).toString(16)}`);
const now = 1_000_000;

// the session store as it was before the helper (session-cache.server.ts, Store.get)
const map = new Map<string, Entry>();
for (const [i, key] of keys.entries()) map.set(key, { userId: i, cachedAt: now, freshUntil: now + 5_000 });
function handRolled(key: string, nowMs: number): Entry | undefined {
  const entry = map.get(key);
  if (!entry) return undefined;
  if (nowMs >= entry.freshUntil || nowMs < entry.cachedAt) return undefined;
  map.delete(key);
  map.set(key, entry);
  return entry;
}

const cache = new TtlCache<string, { userId: number }>({ ttlMs: 5_000, max: KEYS, jitter: 0.2, groupOf: (v) => v.userId });
for (const [i, key] of keys.entries()) cache.set(key, { userId: i }, now);

/** ns per lookup of one run of LOOKUPS lookups */
function once(label: string, lookup: (key: string) => unknown): number {
  let found = 0;
  const t = performance.now();
  for (let i = 0; i < LOOKUPS; i++) if (lookup(keys[(i * 7) % KEYS])) found++;
  const ns = ((performance.now() - t) * 1e6) / LOOKUPS;
  if (found !== LOOKUPS) throw new Error(`${label}: ${found} of ${LOOKUPS} found`);
  return ns;
}

const candidates: [string, (key: string) => unknown][] = [
  ["hand-rolled session store (Map + compare)", (k) => handRolled(k, now + 100)],
  ["TtlCache.entry (the helper)", (k) => cache.entry(k, now + 100)],
];
console.log(
  `Cache hit cost — ${new Date().toISOString()}, Node ${process.version}, ${KEYS} keys, ${LOOKUPS} lookups × ${RUNS} runs each, in turns; load average ${fmtLoad(2)}`,
);
const times = candidates.map(() => [] as number[]);
for (let r = 0; r < RUNS; r++) {
  // in turns, the first one alternating: neither gets the warmer machine or the other's garbage
  const order = r % 2 ? [1, 0] : [0, 1];
  for (const i of order) times[i].push(once(candidates[i][0], candidates[i][1]));
}
const medians = candidates.map(([label], i) => {
  const sorted = times[i].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  console.log(
    `  ${label.padEnd(44)} median ${median.toFixed(1)} ns/lookup (best ${sorted[0].toFixed(1)}, worst ${sorted.at(-1)!.toFixed(1)})`,
  );
  return median;
});
console.log(`  helper / hand-rolled: ${((100 * medians[1]) / medians[0]).toFixed(0)} %; load average at the end ${fmtLoad(2)}`);

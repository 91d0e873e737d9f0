import { loadavg } from "node:os";

/** Helpers every benchmark prints with (bench/README.md): nearest-rank percentiles and number formats. */

/** The p-th percentile of ascending values (nearest rank); NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p99 and max of unsorted values. */
export function quantiles(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
export const ms = (n: number) => `${n.toFixed(1)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number, digits = 1) => `${(bytes / 1024 / 1024).toFixed(digits)} MB`;

/** The machine's load average (1, 5, 15 minutes), for the header of a report: a busy machine lowers every figure. */
export const fmtLoad = (digits = 2, separator = " ") =>
  loadavg()
    .map((x) => x.toFixed(digits))
    .join(separator);

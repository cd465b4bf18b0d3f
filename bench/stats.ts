/**
 * Small numeric helpers shared by the benchmarks: a clock every process on the machine agrees
 * on, percentiles, and formatting.
 */

/**
 * Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC on Linux, via libuv's hrtime).
 * Unlike `performance.now()`, whose origin is each process's start, it is the same clock in
 * every process on the machine, so a time taken in the core's process and one taken in the
 * clients' process can be subtracted. bench/fanout.ts checks that assumption at run time.
 */
export function monoMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Nearest-rank percentile (p in 0..100) of values that need not be sorted. NaN when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
  };
}

/** The middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 12.3 for ≥ 10, 1.23 below, "–" for NaN. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function fmtRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

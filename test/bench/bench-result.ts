/** One measured scenario, compared with a baseline measured in the same run (these machines are noisy). */
export interface BenchResult {
  scenario: string;
  /** What Assay took. */
  ms: number;
  baseline?: { name: string; ms: number };
  /** A goal in words, e.g. "at least 10x faster than the baseline". */
  goal?: string;
  /** Whether the goal was met; absent when there is no goal. */
  met?: boolean;
  extra?: Record<string, string | number>;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** The median of `runs` timings of `fn`, after one warm-up call when `warm` is set. */
export async function median(runs: number, fn: () => Promise<unknown>, warm = false): Promise<number> {
  if (warm) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

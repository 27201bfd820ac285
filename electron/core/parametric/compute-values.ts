import { rm } from 'node:fs/promises';
import type { EngineConnection } from '../engine/engine.js';
import { sqlString } from '../sql/sql-text.js';
import type { ParametricBuild } from './parametric-build.js';

export interface ValueRuns {
  /** The model's SELECT for one value, its value bound as `$1`. */
  select: string;
  values: string[];
  parameter: string;
  /** Part files are `<partBase><i>.tmp`: unfinished writes that `assay gc` removes if a build dies. */
  partBase: string;
  /** Said in a failure: the model and its file. */
  where: string;
  reused: number;
  dropped: number;
}

/**
 * Computes each value into a Parquet part file, up to `threads` values at once on connections of
 * their own. The value is bound, never spliced: `COPY (SELECT ... $1 ...) TO part` with `[value]`.
 * Stops at the first failure or on cancel, naming the value; the parts are the caller's to remove.
 */
export async function computeValues(first: EngineConnection, build: ParametricBuild, runs: ValueRuns): Promise<string[]> {
  const queue = runs.values.map((value, index) => ({ value, index }));
  const parts: string[] = [];
  const failed: { error?: Error } = {};
  const connections = [first];
  let computed = 0;
  const onAbort = () => connections.forEach((c) => c.interrupt());
  build.signal?.addEventListener('abort', onAbort);
  try {
    const workers = Math.max(1, Math.min(build.threads, queue.length));
    for (let i = 1; i < workers; i++) connections.push(await build.connect());
    await Promise.all(connections.map(async (conn) => {
      for (let job = queue.shift(); job && !failed.error && !build.signal?.aborted; job = queue.shift()) {
        const part = `${runs.partBase}${job.index}.tmp`;
        parts.push(part);
        const started = Date.now();
        const result = await conn.query(`COPY (\n${runs.select}\n) TO ${sqlString(part)} (FORMAT parquet)`, [job.value]);
        if (!result.ok) {
          failed.error ??= new Error(`${runs.where}: for ${runs.parameter} = ${JSON.stringify(job.value)}: ${result.error}`);
          break;
        }
        computed += 1;
        const rows = Number(Object.values(result.rows[0] ?? {})[0] ?? 0);
        build.progress({ parameter: runs.parameter, value: job.value, computed, toCompute: runs.values.length, reused: runs.reused, dropped: runs.dropped, rows, ms: Date.now() - started });
      }
    }));
  } finally {
    build.signal?.removeEventListener('abort', onAbort);
    for (const conn of connections.slice(1)) await conn.close();
  }
  if (failed.error) throw failed.error;
  if (build.signal?.aborted) throw new Error(`${runs.where}: cancelled after ${computed} of ${runs.values.length} values`);
  return parts.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export async function removeParts(parts: readonly string[]): Promise<void> {
  await Promise.all(parts.map((part) => rm(part, { force: true })));
}

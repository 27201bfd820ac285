import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { initCommittedRepo } from '../helpers/git-repo.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Rows in the benchmark project's fact table; `BENCH_ROWS` overrides it for a quick run. */
export const benchRows = Number(process.env.BENCH_ROWS ?? 10_000_000);

/** Generates the example project at benchmark size into a temp folder and commits it on `main`. */
export async function generateBenchProject(rows = benchRows): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'assay-bench-'));
  await run('npx', ['tsx', 'fixtures/generate/main.ts', '--rows', String(rows), '--out', out], { cwd: repoRoot, maxBuffer: 1 << 24 });
  await initCommittedRepo(out);
  return out;
}

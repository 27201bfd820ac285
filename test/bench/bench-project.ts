import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
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

/** Models no other node reads, with their files. */
export async function leafModels(root: string): Promise<{ name: string; file: string }[]> {
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error('bench project does not load');
  const { compiled } = compileProject(loaded.project);
  const read = new Set([...compiled.nodes.values()].flatMap((n) => n.dependsOn));
  return [...compiled.nodes.values()]
    .filter((n) => n.kind === 'model' && !read.has(n.id))
    .map((n) => ({ name: n.id, file: n.source.location.file }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

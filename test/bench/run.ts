/**
 * `npm run bench [-- name-filter]`: runs every `test/bench/*.bench.ts` (each exports `run()`),
 * and prints each scenario with its baseline from the same run and the ratio between them.
 */
import '../../electron/core/engine/query-thread-pool.js';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const all = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
// A filter that names a file exactly runs that file alone (`history` is not `env-history`).
const files = all.includes(`${filter}.bench.ts`) ? [`${filter}.bench.ts`] : all.filter((f) => !filter || f.includes(filter));

const results: BenchResult[] = [];
for (const file of files) {
  process.stderr.write(`\n# ${file}\n`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof mod.run !== 'function') continue;
  for (const result of await mod.run()) {
    results.push(result);
    process.stdout.write(`${format(result)}\n`);
  }
}
process.stdout.write(`\n${results.length} scenarios; goals met: ${results.filter((r) => r.met === true).length}, missed: ${results.filter((r) => r.met === false).length}\n`);

function format(r: BenchResult): string {
  const base = r.baseline ? `  vs ${r.baseline.name} ${r.baseline.ms.toFixed(0)} ms  ratio ${(r.baseline.ms / r.ms).toFixed(2)}x` : '';
  const goal = r.goal ? `  goal: ${r.goal} [${r.met ? 'met' : 'MISSED'}]` : '';
  const extra = r.extra ? `  ${Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
  return `${r.scenario}: ${r.ms.toFixed(0)} ms${base}${goal}${extra}`;
}

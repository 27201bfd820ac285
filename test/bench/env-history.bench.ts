import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { checkCatalogStoreFiles } from '../../electron/core/env/history/catalog-store-files.js';
import { cloneEnvironment } from '../../electron/core/env/history/clone-environment.js';
import { environmentHistory } from '../../electron/core/env/history/environment-history.js';
import { exportEnvironment } from '../../electron/core/env/history/export-environment.js';
import { importEnvironment } from '../../electron/core/env/history/import-environment.js';
import { restoreEnvironment } from '../../electron/core/env/history/restore-environment.js';
import { commitAll } from '../helpers/git-repo.js';
import { benchRows, generateBenchProject } from './bench-project.js';
import { median, timed, type BenchResult } from './bench-result.js';

const exec = promisify(execFile);

/**
 * Environment history (issue 17) on the example at benchmark size: restoring a kept catalog and
 * cloning an environment against a no-op build of the same project (nothing to build: what any
 * "make the environment current" costs at least), and export / import of the environment against
 * `cp` of the same files.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}\n`);
  const results: BenchResult[] = [];
  const first = await timed(() => buildBranch({ projectRoot: root }));
  process.stderr.write(`full build: ${first.ms.toFixed(0)} ms\n`);
  await appendFile(path.join(root, 'models/marts/dim_product.sql'), '\n-- reviewed\n');
  await commitAll(root, 'touch dim_product');
  await buildBranch({ projectRoot: root });
  const [newer, older] = (await environmentHistory(root, 'main')).catalogs;
  if (!newer || !older) throw new Error('expected two kept catalogs');

  const noop = await median(3, () => buildBranch({ projectRoot: root }), true);
  let flip = false;
  const restore = await median(5, () => restoreEnvironment(root, 'main', (flip = !flip) ? older.id : newer.id));
  const verified = await median(3, () => restoreEnvironment(root, 'main', (flip = !flip) ? older.id : newer.id, { verify: true }));
  const paths = assayPaths(root);
  const stat = await median(3, () => checkCatalogStoreFiles(paths.envFile('main'), paths.storeDir, false));
  results.push({
    scenario: 'env restore of a kept catalog (its store files checked by size and time, as a build does)',
    ms: restore,
    baseline: { name: 'a no-op build (nothing to build)', ms: noop },
    goal: 'under 100 ms',
    met: restore < 100,
    extra: { 'of which the check ms': Math.round(stat), 'with --verify (every byte hashed) ms': Math.round(verified) },
  });
  await restoreEnvironment(root, 'main', newer.id);

  let clones = 0;
  const clone = await median(3, () => cloneEnvironment(root, 'main', `clone-${++clones}`));
  results.push({
    scenario: 'env clone (zero-copy)',
    ms: clone,
    baseline: { name: 'a no-op build (nothing to build)', ms: noop },
    goal: 'at most a quarter of a no-op build',
    met: clone <= noop / 4,
  });

  const scratch = await mkdtemp(path.join(tmpdir(), 'assay-bench-export-'));
  try {
    const file = path.join(scratch, 'main.tar');
    const copyDir = path.join(scratch, 'copy');
    const exported = await exportEnvironment(root, 'main', file);
    const members = [paths.envFile('main'), ...exported.manifest.storeFiles.map((f) => path.join(paths.storeDir, f.name))];
    // Each the median of five, taken in turns: one write of 210 MB varies by 2x on a quiet machine.
    const exports: number[] = [];
    const copies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await rm(file, { force: true });
      exports.push((await timed(() => exportEnvironment(root, 'main', file))).ms);
      await rm(copyDir, { recursive: true, force: true });
      copies.push((await timed(async () => {
        await exec('mkdir', ['-p', copyDir]);
        await exec('cp', [...members, copyDir]);
      })).ms);
    }
    const [exportMs, copyMs] = [middle(exports), middle(copies)];
    const mb = exported.bytes / 1e6;
    results.push({
      scenario: `env export (${mb.toFixed(0)} MB, ${exported.storeFiles} store files)`,
      ms: exportMs,
      baseline: { name: 'cp of the catalog and its store files', ms: copyMs },
      goal: 'within 2x of cp',
      met: exportMs <= copyMs * 2,
      extra: { 'MB/s': Math.round(mb / (exportMs / 1000)) },
    });
    const fresh = path.join(scratch, 'fresh');
    await exec('mkdir', ['-p', fresh]);
    await writeFile(path.join(fresh, 'dbt_project.yml'), 'name: fresh\nversion: 1\n');
    const imported = await timed(() => importEnvironment(fresh, file));
    results.push({
      scenario: 'env import into a fresh folder (every file hashed, the catalog rewritten)',
      ms: imported.ms,
      baseline: { name: 'cp of the catalog and its store files', ms: copyMs },
      goal: 'within 3x of cp (it reads each byte twice: unpack, then hash)',
      met: imported.ms <= copyMs * 3,
      extra: { 'MB/s': Math.round(mb / (imported.ms / 1000)) },
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  }
  return results;
}

function middle(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

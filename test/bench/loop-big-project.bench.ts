/**
 * `npm run bench -- loop`: the inner loop's build on a generated project of 1,000 view models
 * (compile.bench.ts's project), in this process as the app runs it: a build with nothing to do,
 * and a build after one model file changed, each split into its phases (git and setup, load +
 * compile + fingerprint, building, catalog publish). The baseline is what no tool can avoid: the
 * changed nodes' own statements run straight on DuckDB. Cost must follow the change, not the
 * project's size.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildEvent } from '../../shared/build-types.js';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { generatedProject } from './compile.bench.js';
import { timed, type BenchResult } from './bench-result.js';

const RUNS = 5;
const EDITED = 'models/layer7/m0777.sql';

interface Phases {
  total: number;
  git: number;
  prepare: number;
  building: number;
  publish: number;
  built: number;
}

async function phasedBuild(root: string): Promise<Phases> {
  const start = performance.now();
  const at: Partial<Record<string, number>> = {};
  const onEvent = (event: BuildEvent) => {
    if (event.type === 'phase') at[event.phase] ??= performance.now();
  };
  const result = await buildBranch({ projectRoot: root, onEvent });
  const end = performance.now();
  if (result.target.status === 'failed') throw new Error(`the generated project failed to build: ${JSON.stringify(result.target.errors[0])}`);
  const loading = at.loading ?? start;
  const building = at.building ?? at.done ?? end;
  const publishing = at.publishing ?? building;
  return {
    total: end - start,
    git: loading - start,
    prepare: building - loading,
    building: publishing - building,
    publish: end - publishing,
    built: result.target.nodes.filter((n) => n.status === 'built').length,
  };
}

function medianPhases(runs: Phases[]): Phases {
  const mid = (key: keyof Phases) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  return { total: mid('total'), git: mid('git'), prepare: mid('prepare'), building: mid('building'), publish: mid('publish'), built: mid('built') };
}

const extra = (p: Phases) => ({ git_ms: p.git.toFixed(0), prepare_ms: p.prepare.toFixed(0), building_ms: p.building.toFixed(0), publish_ms: p.publish.toFixed(0), built: p.built });

/** The changed model and the one model that reads it, created straight in a copy of the environment. */
async function ownStatements(root: string): Promise<number> {
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const { compiled } = compileProject(loaded.project);
  const changed = ['m0777', ...[...compiled.nodes.values()].filter((n) => n.dependsOn.includes('m0777')).map((n) => n.id)];
  const copy = path.join(root, '.assay', 'bench-copy.duckdb');
  await copyFile(assayPaths(root).envFile('main'), copy);
  const engine = await openEngine({ path: copy });
  try {
    const conn = await engine.connect();
    const { ms } = await timed(async () => {
      for (const id of changed) {
        const node = compiled.nodes.get(id);
        const result = await conn.query(`CREATE OR REPLACE VIEW ${node?.relation} AS ${node?.sql}`);
        if (!result.ok) throw new Error(result.error);
      }
    });
    await conn.close();
    return ms;
  } finally {
    await engine.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject(generatedProject());
  await initCommittedRepo(root);
  process.stderr.write(`1,000-model project: ${root}\n`);
  await phasedBuild(root);
  const noop: Phases[] = [];
  const change: Phases[] = [];
  const own: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    noop.push(await phasedBuild(root));
    await writeFile(path.join(root, EDITED), `select ${i + 2} as id, 100 as amount_cents, current_date as created_at`);
    change.push(await phasedBuild(root));
    own.push(await ownStatements(root));
  }
  const idle = medianPhases(noop);
  const edit = medianPhases(change);
  const ownMs = own.sort((a, b) => a - b)[Math.floor(own.length / 2)] as number;
  const assayPart = edit.total - ownMs;
  return [
    { scenario: 'loop: build with nothing to do (1,000 view models)', ms: idle.total, baseline: { name: 'the changed nodes\' own statements on DuckDB', ms: ownMs }, goal: 'under 300 ms', met: idle.total < 300, extra: extra(idle) },
    { scenario: 'loop: build after one model changed (1,000 view models)', ms: edit.total, baseline: { name: 'the changed nodes\' own statements on DuckDB', ms: ownMs }, goal: 'Assay\'s part (all but the own statements) under 300 ms', met: assayPart < 300, extra: { ...extra(edit), assay_part_ms: assayPart.toFixed(0) } },
  ];
}

import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { BuildSummary } from '../../shared/build-types.js';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { installPackages } from '../../electron/core/dbt/packages/install-packages.js';
import { corpusManifest, projectVars, stageProject, type CorpusEntry } from './corpus.js';
import { pinCorpusVersions, publishPackageMirrors } from './package-mirrors.js';

/**
 * `npm run compat [project...]`: every project of the dbt corpus (../shared/dbt-corpus), opened as
 * a new user would: compiled, built and tested by Assay in a temporary git repository. One row per
 * project, then each failure with its cause. Packages are installed by `assay deps` from local git
 * mirrors of the corpus packages. A tool, not a test: it measures how much of real dbt
 * Assay runs (`--compile-only` stops after compiling).
 */
interface Row {
  name: string;
  compiled: string;
  built: string;
  tests: string;
  empty: string;
  packages: string;
  problems: string[];
}

async function measure(entry: CorpusEntry, mirrors: Awaited<ReturnType<typeof publishPackageMirrors>>, compileOnly: boolean): Promise<Row> {
  const { workdir, projectDir } = await stageProject(entry);
  const vars = projectVars[entry.name];
  const row: Row = { name: entry.name, packages: '-', compiled: '-', built: '-', tests: '-', empty: '-', problems: [] };
  try {
    row.problems.push(...(await pinCorpusVersions(projectDir, mirrors)).map((s) => `package pin replaced by the corpus version: ${s}`));
    // A git repository as a user's clone is: builds need one, and sub-folder projects read files from its root.
    git(workdir, ['init', '-q', '-b', 'main']);
    git(workdir, ['add', '-A']);
    git(workdir, ['-c', 'user.name=compat', '-c', 'user.email=compat@example.com', 'commit', '-q', '-m', 'corpus project']);
    try {
      const deps = await installPackages({ projectRoot: projectDir }).catch(async (err: Error) => {
        // A lock pinning a release the corpus does not hold: resolve packages.yml again, as --upgrade does.
        if (!/no tag for the locked version/.test(err.message)) throw err;
        row.problems.push(`package-lock.yml pins a release the corpus does not hold (${err.message.slice(0, 160)}): installed with assay deps --upgrade`);
        return installPackages({ projectRoot: projectDir, upgrade: true });
      });
      row.packages = deps.status === 'none' ? '0' : `${deps.packages.length} (${deps.ms} ms)`;
      row.problems.push(...deps.warnings.map((w) => `assay deps: ${w}`));
    } catch (err) {
      row.packages = 'failed';
      row.problems.push(`assay deps failed: ${(err as Error).message.slice(0, 300)}`);
    }
    const loaded = await loadProject(projectDir, { vars });
    if (!loaded.ok) {
      row.problems.push(...loaded.errors.map((e) => `does not load: ${e.file}: ${e.message}`));
      return row;
    }
    const { compiled } = compileProject(loaded.project);
    const models = [...compiled.nodes.values()].filter((n) => n.kind === 'model');
    row.compiled = `${models.filter((n) => !n.error && n.sql !== undefined).length}/${models.length}`;
    for (const e of compiled.errors) row.problems.push(`${e.severity} ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message.slice(0, 240)}`);
    if (compileOnly) return row;

    let build: BuildSummary;
    try {
      build = (await buildBranch({ projectRoot: projectDir, vars })).target;
    } catch (err) {
      row.problems.push(`build stopped: ${(err as Error).message.slice(0, 300)}`);
      return row;
    }
    const builtModels = build.nodes.filter((n) => models.some((m) => m.id === n.node) && ['built', 'reused'].includes(n.status));
    row.built = `${builtModels.length}/${models.length}`;
    for (const node of build.nodes.filter((n) => n.status === 'failed')) row.problems.push(`build ${node.node}: ${(node.error ?? '').slice(0, 240)}`);
    const report = await runTestPipeline({ projectRoot: projectDir, vars });
    const ran = report.tests.filter((t) => t.status === 'pass' || t.status === 'warn' || t.status === 'fail');
    row.tests = `${ran.length}/${report.tests.length} (${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.error} error)`;
    for (const t of report.tests.filter((r) => r.status === 'error').slice(0, 12)) row.problems.push(`test ${t.id}: ${(t.message ?? '').slice(0, 200)}`);
    const empty = (await buildBranch({ projectRoot: projectDir, vars, empty: true })).target;
    row.empty = `${empty.nodes.filter((n) => models.some((m) => m.id === n.node) && ['built', 'reused'].includes(n.status)).length}/${models.length}`;
    for (const node of empty.nodes.filter((n) => n.status === 'failed')) row.problems.push(`--empty build ${node.node}: ${(node.error ?? '').slice(0, 200)}`);
    return row;
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

async function main() {
  const args = process.argv.slice(2);
  const compileOnly = args.includes('--compile-only');
  const only = args.filter((a) => !a.startsWith('--'));
  const manifest = await corpusManifest();
  const projects = manifest.filter((e) => e.kind === 'project' && (only.length === 0 || only.includes(e.name)));
  const mirrors = await publishPackageMirrors(manifest);
  const rows: Row[] = [];
  for (const entry of projects) rows.push(await measure(entry, mirrors, compileOnly));
  console.log(`${'project'.padEnd(20)} ${'packages (deps)'.padEnd(16)} ${'models compiled'.padEnd(16)} ${'models built'.padEnd(13)} ${'built --empty'.padEnd(14)} tests run/declared`);
  for (const row of rows) console.log(`${row.name.padEnd(20)} ${row.packages.padEnd(16)} ${row.compiled.padEnd(16)} ${row.built.padEnd(13)} ${row.empty.padEnd(14)} ${row.tests}`);
  for (const row of rows) {
    if (row.problems.length === 0) continue;
    console.log(`\n${row.name}:`);
    for (const problem of row.problems) console.log(`  ${problem}`);
  }
}

await main();

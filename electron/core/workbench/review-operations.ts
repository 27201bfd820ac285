import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiEvent, ChangedFile } from '../../../shared/api.js';
import type { GitResult } from '../../../shared/git-types.js';
import { environmentOf } from '../build/build-branch.js';
import { diffEnvironments } from '../diff/diff-environments.js';
import { modelSqlDiff } from '../diff/model-sql-diff.js';
import { diffQuery } from '../diff/query-diff.js';
import { assayPaths } from '../env/assay-paths.js';
import { parseAsOf } from '../project/delivery-date.js';
import { lakeDeliveries } from '../project/lake-deliveries.js';
import { listBranches } from '../git/branches.js';
import { commitFiles } from '../git/commit.js';
import { fileHistory } from '../git/history.js';
import { abortMerge, mergeBranch } from '../git/merge.js';
import { git, type Repo } from '../git/repo.js';
import { getStatus } from '../git/status.js';
import { releaseCheck } from '../release/release-check.js';
import { readReviewChecklist } from '../release/review-checklist.js';
import { listSignoffs, signOff } from '../release/signoff.js';
import { htmlReport } from '../reports/html-report.js';
import { exportFailingRows } from '../tests/export-failing-rows.js';
import { readLatestReport } from '../tests/latest-report.js';
import { RunHistory } from '../tests/run-history.js';
import { warehouseLatestReport, warehouseTestHistory } from '../warehouse/warehouse-test-reports.js';
import type { OperationHandlers } from './dispatch.js';
import { TestBoard } from './test-board.js';
import type { TestLane } from './test-lane.js';

export interface ReviewContext {
  root(): string;
  env(): Promise<string>;
  /** The project file of a node, checked to be inside the project. */
  nodeFile(node: string): Promise<string>;
  emit(event: ApiEvent): void;
  /** Called after git changed the working tree (commit, merge), so the UI re-reads it. */
  changed(): Promise<void>;
  /** Runs tests one at a time, and records them on the board the app shows. */
  testLane: TestLane;
}

type ReviewOperations = Pick<OperationHandlers,
  'runTests' | 'latestTestReport' | 'testHistory' | 'exportFailingRows' | 'diffBranches' | 'diffQuery' | 'modelSqlDiff' | 'lakeDeliveries' | 'listBranches' | 'changedFiles' |
  'commitFiles' | 'mergeBranch' | 'abortMerge' | 'fileHistory' | 'signOff' | 'reviewChecklist' | 'listSignoffs' | 'releaseCheck'>;

/** Tests, diffs, the git workflow and the release gate, as operations of the contract. */
export function reviewOperations(ctx: ReviewContext): ReviewOperations {
  const repo = (): Repo => ({ dir: ctx.root() });
  const paths = () => assayPaths(ctx.root());
  return {
    runTests: async ({ stage, select, asOf: date }) => {
      const asOf = date === undefined ? undefined : parseAsOf(date);
      return ctx.testLane.run(environmentOf(await ctx.env(), { asOf }), {
        projectRoot: ctx.root(), stage, select, asOf,
        onEvent: (payload) => ctx.emit({ event: 'build', payload }),
        onResult: (payload) => ctx.emit({ event: 'test', payload }),
      });
    },
    latestTestReport: async ({ target }) => (target ? warehouseLatestReport(ctx.root(), target, await ctx.env()) : new TestBoard(paths().reportsDir).read(await ctx.env())),
    testHistory: async ({ test, target }) => {
      if (target) return warehouseTestHistory(ctx.root(), target, await ctx.env(), test);
      const runs = await new RunHistory(paths().historyDir).runs(await ctx.env());
      return runs.flatMap((run) => run.tests.filter((t) => t.id === test).map((t) => ({ at: run.at, commit: run.commit, status: t.status, observed: t.observed })));
    },
    exportFailingRows: ({ test, format }) => exportFailingRows(ctx.root(), test, format),
    diffBranches: (args) => diffEnvironments({ projectRoot: ctx.root(), ...args, onEvent: (payload) => ctx.emit({ event: 'build', payload }) }),
    diffQuery: (args) => diffQuery({ projectRoot: ctx.root(), ...args }),
    modelSqlDiff: (args) => modelSqlDiff({ projectRoot: ctx.root(), ...args }),
    lakeDeliveries: () => lakeDeliveries(ctx.root()),
    listBranches: async () => unwrap(await listBranches(repo())).branches,
    changedFiles: () => changedFiles(repo()),
    commitFiles: async ({ files, message }) => {
      const result = unwrap(await commitFiles(repo(), files, message));
      await ctx.changed();
      return { commit: result.commit };
    },
    mergeBranch: async ({ branch, into }) => {
      const { ok: _ok, ...result } = unwrap(await mergeBranch(repo(), branch, { into }));
      await ctx.changed();
      return result;
    },
    abortMerge: async () => {
      const result = unwrap(await abortMerge(repo()));
      await ctx.changed();
      return { commit: result.commit };
    },
    fileHistory: async ({ node, file, limit }) => {
      const target = node ? await ctx.nodeFile(node) : file;
      if (!target) throw new Error('fileHistory needs a node or a file');
      return unwrap(await fileHistory(repo(), target, { limit })).commits;
    },
    signOff: async ({ commit, message, checked }) => {
      const env = await ctx.env();
      const report = await readLatestReport(paths().reportsDir, env);
      if (!report) throw new Error('there is no test report to sign off yet: run the tests first');
      const file = path.join(paths().reportsDir, 'signed', `${env}-${(report.commit ?? 'uncommitted').slice(0, 12)}.html`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, htmlReport(report));
      return unwrap(await signOff({ projectRoot: ctx.root(), commit: commit ?? report.commit ?? undefined, reportFile: file, message, checked })).signoff;
    },
    reviewChecklist: () => readReviewChecklist(ctx.root()),
    listSignoffs: async ({ commit }) => unwrap(await listSignoffs(ctx.root(), commit)).signoffs,
    releaseCheck: ({ commit, target }) => releaseCheck({ projectRoot: ctx.root(), commit, target }),
  };
}

async function changedFiles(repo: Repo): Promise<ChangedFile[]> {
  const status = unwrap(await getStatus(repo));
  const files: ChangedFile[] = [];
  for (const f of status.files) {
    const untracked = f.workingTree === 'untracked';
    const diff = untracked
      ? await git(repo, ['diff', '--no-index', '--', '/dev/null', f.path])
      : await git(repo, ['diff', 'HEAD', '--', f.path]);
    files.push({ path: f.path, change: untracked ? 'untracked' : f.workingTree !== 'unmodified' ? f.workingTree : f.index, staged: f.index !== 'unmodified' && !untracked, diff: diff.stdout.slice(0, 200_000) });
  }
  return files;
}

function unwrap<T extends object>(result: GitResult<T>): T & { ok: true } {
  if (!result.ok) throw new Error(result.error);
  return result;
}

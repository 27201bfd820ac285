import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestResult, TestRunReport } from '../../../shared/test-types.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { readLatestReport } from '../tests/latest-report.js';
import { countStatuses } from '../tests/test-pipeline.js';

/** A result a run left out with `--stage` or `--select` (tests/test-selection.ts says "not selected: ..."). */
function leftOut(result: TestResult): boolean {
  return result.status === 'skipped' && (result.message ?? '').startsWith('not selected');
}

/**
 * The latest run, with the tests it left out showing their result from the run before, marked
 * with when that ran. Running one stage then updates that stage and keeps the rest, instead of
 * turning every other test into "skipped" (issue 19).
 */
export function mergeIntoBoard(run: TestRunReport, board: TestRunReport | null): TestRunReport {
  if (!board || board.env !== run.env) return run;
  const earlier = new Map(board.tests.filter((test) => !leftOut(test)).map((test) => [test.id, test]));
  const tests = run.tests.map((test): TestResult => {
    const kept = leftOut(test) ? earlier.get(test.id) : undefined;
    if (!kept) return test;
    return { ...kept, last_run: kept.last_run ?? { at: board.finished_at, commit: board.commit } };
  });
  return { ...run, tests, summary: countStatuses(tests) };
}

/**
 * What the app shows as a branch's tests: the latest report (`<env>.latest.json`, which the core
 * writes and sign-offs read, untouched) merged with the board kept beside it (`<env>.board.json`).
 */
export class TestBoard {
  constructor(private readonly reportsDir: string) {}

  async read(env: string): Promise<TestRunReport | null> {
    const [latest, board] = await Promise.all([readLatestReport(this.reportsDir, env), this.readBoard(env)]);
    if (!latest) return null;
    if (board && board.finished_at === latest.finished_at) return board;
    // A run the app did not see (the command line) is merged the same way.
    return mergeIntoBoard(latest, board);
  }

  /** Records a run the app made, merged with the board as it stood before that run. */
  async record(run: TestRunReport, before: TestRunReport | null): Promise<TestRunReport> {
    const board = mergeIntoBoard(run, before);
    await writeFileAtomically(this.file(run.env), JSON.stringify(board));
    return board;
  }

  private async readBoard(env: string): Promise<TestRunReport | null> {
    try {
      return JSON.parse(await readFile(this.file(env), 'utf8')) as TestRunReport;
    } catch {
      return null;
    }
  }

  private file(env: string): string {
    return path.join(this.reportsDir, `${env}.board.json`);
  }
}

import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BuildSummary } from '../../../shared/build-types.js';
import { RUN_ID_PATTERN, type RunDetail, type RunRecord } from '../../../shared/run-history-types.js';
import type { TestRunReport } from '../../../shared/test-types.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { buildRunRecord, testRunRecord } from './run-records.js';

/** How many runs each environment keeps; older ones are deleted as new ones are recorded. */
export const RUNS_KEPT = 100;

export class UnknownRunError extends Error {}

/**
 * The run history of every environment under `.assay/runs/<env>/`: per run a small record
 * (`<id>.json`, what the list reads) and what it produced (`<id>.detail.json`: the build summary or
 * the whole test report). One pair of files per run, written whole, so the app and the command
 * line recording at once never write the same file; each environment keeps its newest `keep` runs.
 */
export class RunLog {
  constructor(
    private readonly runsDir: string,
    private readonly keep = RUNS_KEPT,
  ) {}

  async recordBuild(summary: BuildSummary): Promise<RunRecord> {
    const finishedAt = new Date();
    const record = buildRunRecord(summary, newRunId('build', finishedAt), finishedAt);
    await this.write(record, summary);
    return record;
  }

  async recordTests(report: TestRunReport, scope: string | null): Promise<RunRecord> {
    const record = testRunRecord(report, scope, newRunId('tests', new Date(report.finished_at)));
    await this.write(record, report);
    return record;
  }

  /** The environment's runs, newest first. */
  async list(env: string): Promise<RunRecord[]> {
    const ids = await this.ids(env);
    const records = await Promise.all(ids.map((id) => this.readJson<RunRecord>(env, `${id}.json`)));
    return records.filter((record): record is RunRecord => record !== null);
  }

  async detail(env: string, id: string): Promise<RunDetail> {
    if (!RUN_ID_PATTERN.test(id)) throw new UnknownRunError(`'${id}' is not a run id (they look like 20250301T101502123Z-build-3fa9c1)`);
    const [record, detail] = await Promise.all([this.readJson<RunRecord>(env, `${id}.json`), this.readJson<unknown>(env, `${id}.detail.json`)]);
    if (!record || !detail) throw new UnknownRunError(`there is no run '${id}' in the history of '${env}' (it may have been one of the oldest, which are not kept)`);
    return record.kind === 'build' ? { record, build: detail as BuildSummary } : { record, report: detail as TestRunReport };
  }

  private async write(record: RunRecord, detail: unknown): Promise<void> {
    const dir = this.dir(record.env);
    // The detail first: a record is only listed once what it opens is there.
    await writeFileAtomically(path.join(dir, `${record.id}.detail.json`), JSON.stringify(detail));
    await writeFileAtomically(path.join(dir, `${record.id}.json`), JSON.stringify(record));
    await this.prune(record.env);
  }

  private async prune(env: string): Promise<void> {
    const dir = this.dir(env);
    for (const id of (await this.ids(env)).slice(this.keep)) {
      await rm(path.join(dir, `${id}.json`), { force: true });
      await rm(path.join(dir, `${id}.detail.json`), { force: true });
    }
  }

  /** Newest first: ids start with the time the run finished. */
  private async ids(env: string): Promise<string[]> {
    const names = await readdir(this.dir(env)).catch(() => [] as string[]);
    return names.map((name) => name.replace(/\.json$/, '')).filter((id) => RUN_ID_PATTERN.test(id)).sort().reverse();
  }

  private async readJson<T>(env: string, file: string): Promise<T | null> {
    try {
      return JSON.parse(await readFile(path.join(this.dir(env), file), 'utf8')) as T;
    } catch {
      // A record being deleted by another process's prune, or damaged by hand, is left out.
      return null;
    }
  }

  private dir(env: string): string {
    return path.join(this.runsDir, env);
  }
}

function newRunId(kind: RunRecord['kind'], at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${kind}-${randomBytes(3).toString('hex')}`;
}

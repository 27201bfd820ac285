import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import { checkBranchName } from '../../../shared/git-ref-name.js';
import { type RefreshPublication, type RefreshRecord, type RefreshStep, type RefreshStepName, type RefreshVerdict } from '../../../shared/refresh-types.js';
import type { PublishStepListener } from '../dashboards/publish/publish-progress.js';
import { currentBranch } from '../git/branches.js';
import { openRepo } from '../git/open-repo.js';
import { buildStep, testStep } from './refresh-build.js';
import { depsStep } from './refresh-deps.js';
import { lockRefresh } from './refresh-lock.js';
import { RefreshLog } from './refresh-log.js';
import { refreshLine } from './refresh-log-text.js';
import { publishStep } from './refresh-publish.js';
import { pullStep } from './refresh-pull.js';
import { notRun, timeStep, type StepOutcome } from './refresh-step.js';

export interface RefreshOptions {
  projectRoot: string;
  /** Publish the dashboards when the release gate says go (and they are not already published as they are). */
  publish?: boolean;
  /** Pull when the repository has a remote (default true). */
  pull?: boolean;
  remote?: string;
  /** The branch the scheduled job is for: refused unless it is the one checked out. */
  branch?: string;
  /** Where dashboards are published: `.assay/published` by default. */
  outDir?: string;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  /** Each step as it finishes. */
  onStep?: (step: RefreshStep) => void;
  onPublishStep?: PublishStepListener;
  onDepsProgress?: (line: string) => void;
}

/** A refresh that cannot start as asked (not a project, another branch checked out): exit 2, nothing logged. */
export class RefreshRefusedError extends Error {}

/**
 * `assay refresh`: pull → deps → build → test → publish, under the project's refresh lock, each
 * step timed and logged, stopping at the first that fails. Idempotent: with nothing new, the pull
 * brings nothing, the packages and every node are reused, the tests are reused, and what was
 * published stays (refresh-publish.ts says when that is). Throws RefreshBusyError when another
 * refresh runs, RefreshRefusedError when it cannot start; otherwise the record says what happened.
 */
export async function runRefresh(options: RefreshOptions): Promise<RefreshRecord> {
  const root = path.resolve(options.projectRoot);
  await refuseMisuse(root, options.branch);
  const lock = await lockRefresh(root);
  try {
    const notes = lock.tookOver ? [`took over the refresh lock of pid ${lock.tookOver.pid}, started ${lock.tookOver.startedAt}, which is no longer running`] : [];
    const record = await refresh(root, options, notes);
    await new RefreshLog(root).append(record);
    return record;
  } finally {
    await lock.release();
  }
}

async function refresh(root: string, options: RefreshOptions, notes: string[]): Promise<RefreshRecord> {
  const startedAt = new Date();
  const id = `${startedAt.toISOString().replace(/[-:.]/g, '')}-refresh-${randomBytes(3).toString('hex')}`;
  const steps: RefreshStep[] = [];
  let verdict: RefreshVerdict = 'ok';
  const run = async <T extends StepOutcome>(name: RefreshStepName, body: () => Promise<T>): Promise<T | null> => {
    if (verdict === 'ok' && options.signal?.aborted) verdict = 'cancelled';
    if (verdict !== 'ok') {
      const stopped = steps.find((s) => s.status === 'failed' || s.status === 'no-go');
      steps.push(stopped ? notRun(name, stopped) : { step: name, status: 'not-run', ms: 0, message: 'not run: the refresh was cancelled' });
      return null;
    }
    const { step, outcome } = await timeStep(name, body);
    steps.push(step);
    options.onStep?.(step);
    if (outcome.stop) verdict = outcome.stop;
    return outcome.stop ? null : (outcome as T);
  };

  const pulled = await run('pull', () => pullStep(root, { pull: options.pull ?? true, remote: options.remote }));
  await run('deps', () => depsStep(root, options.onDepsProgress));
  const built = await run('build', () => buildStep(root, options));
  const summary: BuildSummary | null = built?.summary ?? null;
  await run('test', async () => (summary ? testStep(root, summary, options) : Promise.reject(new Error('nothing was built'))));
  let published: RefreshPublication | null = null;
  await run('publish', async () => {
    if (!options.publish) return { status: 'skipped', message: 'not asked to publish (--publish)' };
    const outcome = await publishStep(root, {
      refreshId: id, outDir: options.outDir, commit: summary?.commit ?? null, envFingerprint: summary?.envFingerprint ?? '',
      previous: await new RefreshLog(root).lastPublication(), onStep: options.onPublishStep, onEvent: options.onEvent,
    });
    published = outcome.published;
    return outcome;
  });

  const finishedAt = new Date();
  const record: Omit<RefreshRecord, 'message'> = {
    id,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    ms: finishedAt.getTime() - startedAt.getTime(),
    pid: process.pid,
    host: hostname(),
    branch: summary?.branch ?? pulled?.branch ?? null,
    env: summary?.env ?? null,
    commitBefore: pulled?.commitBefore ?? null,
    commit: summary?.commit ?? pulled?.commit ?? null,
    envFingerprint: summary?.envFingerprint ?? null,
    options: { publish: options.publish ?? false, pull: options.pull ?? true, remote: options.remote ?? null, outDir: options.outDir ? path.resolve(options.outDir) : null },
    verdict,
    steps,
    published,
    notes,
  };
  return { ...record, message: refreshLine(record) };
}

/** Refused before the lock is taken or anything is written. */
async function refuseMisuse(root: string, branch: string | undefined): Promise<void> {
  if (!(await access(path.join(root, 'dbt_project.yml')).then(() => true, () => false))) {
    throw new RefreshRefusedError(`${root} is not a dbt project: it has no dbt_project.yml`);
  }
  if (branch === undefined) return;
  const invalid = checkBranchName(branch);
  if (invalid) throw new RefreshRefusedError(`--branch '${branch}': ${invalid}`);
  const opened = await openRepo(root);
  if (!opened.ok) throw new RefreshRefusedError(`--branch ${branch}: ${opened.error}`);
  const head = await currentBranch(opened.repo);
  const checkedOut = head.ok ? head.branch : null;
  if (checkedOut !== branch) {
    throw new RefreshRefusedError(
      `--branch ${branch}: '${checkedOut ?? 'a detached HEAD'}' is checked out in ${opened.repo.dir}. A refresh pulls, builds and publishes the checked-out branch; switch this clone to '${branch}', or give the scheduled job a clone of its own`,
    );
  }
}

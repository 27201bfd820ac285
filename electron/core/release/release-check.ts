import { access } from 'node:fs/promises';
import path from 'node:path';
import type { BuildEvent } from '../../../shared/build-types.js';
import type { ReleaseReason, ReleaseVerdict, Signoff } from '../../../shared/release-types.js';
import { failsRun } from '../../../shared/run-verdict.js';
import type { TestRunReport } from '../../../shared/test-types.js';
import { currentBranch, resolveCommit } from '../git/branches.js';
import { openRepo } from '../git/open-repo.js';
import { getStatus } from '../git/status.js';
import { loadProject } from '../project/load-project.js';
import { runTestPipeline } from '../tests/test-pipeline.js';
import { testOnWarehouse } from '../warehouse/warehouse-test-run.js';
import { identifyReport } from './report-identity.js';
import { listSignoffs } from './signoff.js';

export interface ReleaseCheckOptions {
  projectRoot: string;
  commit?: string;
  /**
   * A warehouse target of the profile by name: the commit is built and tested on its environment
   * there (see warehouse-test-run.ts), and a sign-off must be of a report made there.
   */
  target?: string;
  /** The builds and tests the gate runs, node by node (a publish shows them as progress). */
  onEvent?: (event: BuildEvent) => void;
}

/**
 * The release gate: go only when the working tree is clean, every error-level test passes on the
 * commit's environment (the tests are run now, not remembered), and — when the project requires
 * it — a reviewer signed off a report of exactly that environment.
 */
export async function releaseCheck(options: ReleaseCheckOptions): Promise<ReleaseVerdict> {
  const reasons: ReleaseReason[] = [];
  const opened = await openRepo(options.projectRoot);
  if (!opened.ok) return { go: false, commit: null, reasons: [{ check: 'clean-tree', ok: false, message: opened.error }], report: null };
  const repo = opened.repo;
  const resolved = await resolveCommit(repo, options.commit ?? 'HEAD');
  if (!resolved.ok) return { go: false, commit: null, reasons: [{ check: 'clean-tree', ok: false, message: resolved.error }], report: null };
  const commit = resolved.commit;

  const status = await getStatus(repo);
  const dirty = status.ok ? status.files.map((f) => f.path) : [];
  reasons.push(status.ok && dirty.length === 0
    ? { check: 'clean-tree', ok: true, message: 'the working tree is clean' }
    : { check: 'clean-tree', ok: false, message: status.ok ? `${dirty.length} file(s) have uncommitted changes` : status.error, items: dirty });

  const head = await currentBranch(repo);
  const isHead = head.ok && head.commit === commit;
  const branch = isHead ? undefined : commit;
  const report = await (options.target
    ? testOnWarehouse({ projectRoot: options.projectRoot, branch, target: options.target, onEvent: options.onEvent }).then((run) => run.report)
    : runTestPipeline({ projectRoot: options.projectRoot, branch, checkSpecs: true, onEvent: options.onEvent })).catch((err: unknown) => err as Error);
  reasons.push(report instanceof Error ? { check: 'tests', ok: false, message: `the tests could not run: ${report.message}` } : testsReason(report));
  reasons.push(await signoffReason(options.projectRoot, commit, report instanceof Error ? null : report));
  return { go: reasons.every((r) => r.ok), commit, reasons, report: report instanceof Error ? null : report };
}

/**
 * Go only when the project has no error, every node built, and every error-level test ran and
 * passed: a failure, an error, a test that could not run, and (here, where nothing is deselected)
 * a skipped error-level test all say no-go, each named.
 */
function testsReason(report: TestRunReport): ReleaseReason {
  const blocking = report.tests.filter((t) => failsRun(t) || (t.severity === 'error' && t.status === 'skipped'));
  const projectErrors = (report.project_errors ?? []).filter((e) => e.severity === 'error');
  if (blocking.length === 0 && projectErrors.length === 0) {
    return { check: 'tests', ok: true, message: `all ${report.tests.filter((t) => t.severity === 'error').length} error-level tests pass${report.target ? ` on ${report.target.connection}` : ''}` };
  }
  const parts = [
    projectErrors.length > 0 ? `the project has ${projectErrors.length} error(s): ${projectErrors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('; ')}` : null,
    blocking.length > 0 ? `${blocking.length} test(s) failed or could not run: ${blocking.map((t) => `${t.id} (${t.status})`).join(', ')}` : null,
  ];
  return { check: 'tests', ok: false, message: parts.filter(Boolean).join('; '), items: blocking.map((t) => t.id) };
}

async function signoffReason(projectRoot: string, commit: string, report: TestRunReport | null): Promise<ReleaseReason> {
  const loaded = await loadProject(projectRoot);
  const required = loaded.ok && loaded.project.config.assay?.require_signoff === true;
  const notRequired = 'no sign-off required (assay: require_signoff is off in dbt_project.yml)';
  const listed = await listSignoffs(projectRoot, commit);
  const signoffs = listed.ok ? listed.signoffs : [];
  if (signoffs.length === 0) {
    return required ? { check: 'signoff', ok: false, message: `commit ${commit.slice(0, 10)} has no sign-off: a reviewer runs assay signoff --report <report>` } : { check: 'signoff', ok: true, message: notRequired };
  }
  // The newest valid sign-off applies, and is named even where none is required (issue 19).
  const problems: string[] = [];
  for (const s of [...signoffs].reverse()) {
    const problem = await signoffProblem(projectRoot, s, report);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const message = `signed off by ${s.reviewer.name} <${s.reviewer.email}> on ${s.signed_at}${required ? '' : ' (not required: assay: require_signoff is off)'}`;
    return { check: 'signoff', ok: true, message, signoff: s };
  }
  if (!required) return { check: 'signoff', ok: true, message: `${notRequired}; the sign-offs of this commit no longer apply: ${problems.join('; ')}`, items: problems };
  return { check: 'signoff', ok: false, message: `no valid sign-off: ${problems.join('; ')}`, items: problems };
}

/** Why a sign-off does not apply to the commit as it builds now, or null when it does. */
async function signoffProblem(projectRoot: string, s: Signoff, report: TestRunReport | null): Promise<string | null> {
  const file = path.resolve(projectRoot, s.report_file);
  if (await access(file).then(() => true, () => false)) {
    const now = await identifyReport(file);
    if (now.sha256 !== s.report_sha256) return `${s.report_file} changed after ${s.reviewer.name} signed it off (sha256 ${now.sha256.slice(0, 12)}, signed ${s.report_sha256.slice(0, 12)})`;
  }
  const where = (target: string | null | undefined) => (target ? `target '${target}'` : 'the local DuckDB environment');
  if (report && (s.target ?? null) !== (report.target?.name ?? null)) {
    return `${s.reviewer.name} signed off a report made on ${where(s.target)}, but the gate tested on ${where(report.target?.name)}`;
  }
  if (report && s.env_fingerprint && s.env_fingerprint !== report.env_fingerprint) {
    return `${s.reviewer.name} signed off environment ${s.env_fingerprint.slice(0, 12)}, but the commit now builds ${report.env_fingerprint.slice(0, 12)}`;
  }
  return null;
}

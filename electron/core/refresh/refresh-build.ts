import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import { runVerdict } from '../../../shared/run-verdict.js';
import { buildBranch } from '../build/build-branch.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { loadProject } from '../project/load-project.js';
import { buildCounts } from '../runs/run-records.js';
import { runTestPipeline } from '../tests/test-pipeline.js';
import type { StepOutcome } from './refresh-step.js';

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

export interface BuildOutcome extends StepOutcome {
  summary: BuildSummary | null;
}

/**
 * Builds the checked-out branch (its base first when that is stale), recorded in its run history
 * as `assay build` is. Every node whose fingerprint did not change is reused, so a refresh with
 * nothing new builds nothing. A failed node or a project error stops the refresh.
 */
export async function buildStep(projectRoot: string, options: RunOptions): Promise<BuildOutcome> {
  const loaded = await loadProject(projectRoot);
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const baseBranch = loaded.project.config.assay?.base_branch ?? 'main';
  const { base, target } = await buildBranch({ projectRoot, baseBranch, signal: options.signal, onEvent: options.onEvent, record: true });
  const counts = { ...buildCounts(target) };
  const baseNote = base ? `; base '${baseBranch}' built first (${buildCounts(base).built} built)` : '';
  const errors = target.errors.filter((e) => e.severity !== 'warning').map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  const failedNodes = target.nodes.filter((n) => n.status === 'failed').map((n) => `${n.node}: ${n.error ?? 'failed'}`);
  const done = { summary: target, counts };
  if (target.status === 'cancelled') return { ...done, status: 'failed', message: 'cancelled', stop: 'cancelled' };
  if (errors.length > 0) return { ...done, status: 'failed', message: `the project has ${errors.length} error(s): ${errors[0]}`, reasons: errors, stop: 'error' };
  if (target.status === 'failed') return { ...done, status: 'failed', message: `${failedNodes.length} node(s) failed: ${failedNodes[0] ?? ''}`, reasons: failedNodes, stop: 'failed' };
  const message = `${target.env} environment ${target.envFingerprint.slice(0, 12)}${target.status === 'up-to-date' ? ': every node reused' : ''}${baseNote}`;
  return { ...done, status: target.status === 'up-to-date' && !base ? 'unchanged' : 'ok', message };
}

/**
 * Runs every test on the environment just built (building nothing again): input, business-logic
 * and output tests and the dashboards' own, recorded in the run history as `assay test` is. Tests
 * whose data did not change are reused. Any error-level failure stops the refresh (`failed`).
 */
export async function testStep(projectRoot: string, built: BuildSummary, options: RunOptions): Promise<StepOutcome> {
  const report = await runTestPipeline({ projectRoot, builtBy: built, signal: options.signal, onEvent: options.onEvent });
  const verdict = runVerdict(report);
  const counts = { ...report.summary };
  const reused = report.tests.filter((t) => t.cached).length;
  if (verdict.outcome === 'failed') {
    const reasons = [
      ...(report.project_errors ?? []).filter((e) => e.severity === 'error').map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`),
      ...verdict.failing.map((t) => `${t.id} (${t.status})${t.message ? `: ${t.message}` : ''}`),
    ];
    return { status: 'failed', message: `${verdict.failing.length} test(s) failed or could not run: ${verdict.failing.map((t) => t.id).join(', ')}`, counts, reasons, stop: verdict.exitCode === 2 ? 'error' : 'failed' };
  }
  return { status: 'ok', message: `${report.tests.length} tests ${verdict.outcome}${reused > 0 ? ` (${reused} reused from unchanged data)` : ''}`, counts };
}

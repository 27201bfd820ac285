import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildEvent } from '../../../shared/build-types.js';
import type { PublishManifest } from '../../../shared/dashboard-types.js';
import type { RefreshPublication } from '../../../shared/refresh-types.js';
import { DashboardError } from '../dashboards/dashboard-source.js';
import type { PublishStepListener } from '../dashboards/publish/publish-progress.js';
import { defaultPublishDir, publishDashboards } from '../dashboards/publish/publish-dashboards.js';
import type { StepOutcome } from './refresh-step.js';

export interface PublishStepOptions {
  refreshId: string;
  outDir?: string;
  /** What the refresh built and tested: a publication of exactly this still stands. */
  commit: string | null;
  envFingerprint: string;
  /** The newest publication of the refresh log. */
  previous: RefreshPublication | null;
  onStep?: PublishStepListener;
  onEvent?: (event: BuildEvent) => void;
}

export interface PublishOutcomeStep extends StepOutcome {
  published: RefreshPublication | null;
}

/**
 * Publishes the dashboards when the release gate (which publishing runs itself: clean tree, every
 * error-level test now, the sign-off when required) says go. Nothing new, nothing published: when
 * the newest publication is of this commit and this environment fingerprint (which covers every
 * model, package and data file), into the same folder, and its dashboards there are still the
 * ones it wrote, the refresh says so and leaves them as they are.
 */
export async function publishStep(projectRoot: string, options: PublishStepOptions): Promise<PublishOutcomeStep> {
  const outDir = path.resolve(options.outDir ?? defaultPublishDir(projectRoot));
  const standing = await stillStanding(options.previous, outDir, options.commit, options.envFingerprint);
  if (standing) {
    const at = standing.dashboards[0]?.publishedAt ?? '';
    const message = `nothing new: commit ${options.commit?.slice(0, 8) ?? '(none)'} with environment ${options.envFingerprint.slice(0, 12)} was published to ${outDir} at ${at}`;
    return { status: 'unchanged', message, counts: { dashboards: standing.dashboards.length }, published: standing };
  }
  let outcome;
  try {
    outcome = await publishDashboards({ projectRoot, outDir, onStep: options.onStep, onEvent: options.onEvent });
  } catch (err) {
    if (!(err instanceof DashboardError) && !/has no dashboards to publish/.test((err as Error).message)) throw err;
    return { status: 'failed', message: (err as Error).message.split('\n')[0] ?? '', reasons: (err as Error).message.split('\n').slice(1), stop: 'error', published: null };
  }
  if (!outcome.published) {
    const refused = outcome.verdict.reasons.filter((r) => !r.ok).map((r) => `${r.check}: ${r.message}`);
    return { status: 'no-go', message: `the release gate says no-go for ${outcome.verdict.commit?.slice(0, 8) ?? '(no commit)'}: ${refused.join('; ')}`, reasons: refused, stop: 'no-go', published: null };
  }
  const published: RefreshPublication = {
    outDir,
    commit: options.commit,
    envFingerprint: options.envFingerprint,
    dashboards: outcome.dashboards.map((d) => ({ name: d.name, dir: d.dir, publishedAt: d.manifest.published_at })),
    byRefresh: options.refreshId,
  };
  const names = published.dashboards.map((d) => d.name).join(', ');
  return { status: 'ok', message: `published ${names} to ${outDir}`, counts: { dashboards: published.dashboards.length }, published };
}

/** The previous publication, when it is of the same build into the same folder and its manifests are still the ones it wrote. */
async function stillStanding(previous: RefreshPublication | null, outDir: string, commit: string | null, envFingerprint: string): Promise<RefreshPublication | null> {
  if (!previous || commit === null || previous.commit !== commit || previous.envFingerprint !== envFingerprint || path.resolve(previous.outDir) !== outDir) return null;
  for (const dashboard of previous.dashboards) {
    const manifest = await readManifest(path.join(dashboard.dir, 'manifest.json'));
    // Published again since (by hand, or from another commit), or removed: publish anew.
    if (!manifest || manifest.published_at !== dashboard.publishedAt || manifest.commit !== commit) return null;
  }
  return previous.dashboards.length > 0 ? previous : null;
}

async function readManifest(file: string): Promise<PublishManifest | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PublishManifest;
  } catch {
    return null;
  }
}
